package io.thumbnailworker.render.precheck;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import static io.thumbnailworker.render.precheck.PreChecks.bad;

/**
 * glTF checks: a GLB's declared length and every chunk length against the file size (a chunk length that makes
 * Assimp allocate gigabytes), and the depth of the node hierarchy, computed without recursion (a chain deep enough
 * to overflow Assimp's stack).
 */
final class GltfChecks {
  static final int MAX_NODE_DEPTH = 1000;
  private static final long MAX_JSON_BYTES = 64L << 20;

  private GltfChecks() {}

  static void checkGlb(Path file, long size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (size < 20) throw bad("GLB file is truncated (" + size + " bytes)");
      ByteBuffer h = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(h, 0);
      int version = h.getInt(4);
      long declared = Integer.toUnsignedLong(h.getInt(8));
      long jsonLen = Integer.toUnsignedLong(h.getInt(12));
      if (version != 2) throw bad("GLB version " + version + " is not supported (only glTF 2.0)");
      if (declared > size) throw bad(String.format(Locale.ROOT, "GLB header declares %,d bytes but the file has %,d", declared, size));
      if (jsonLen > size - 20) throw bad(String.format(Locale.ROOT, "GLB JSON chunk length %,d exceeds the file size %,d", jsonLen, size));
      long pos = 20 + jsonLen;
      pos += (4 - pos % 4) % 4;
      while (pos + 8 <= size) {
        ByteBuffer c = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(c, pos);
        long len = Integer.toUnsignedLong(c.getInt(0));
        if (pos + 8 + len > size) throw bad(String.format(Locale.ROOT, "GLB chunk length %,d exceeds the file size %,d", len, size));
        pos += 8 + len;
        pos += (4 - pos % 4) % 4;
      }
      if (jsonLen > MAX_JSON_BYTES) throw bad("GLB JSON chunk is larger than 64 MiB");
      ByteBuffer json = ByteBuffer.allocate((int) jsonLen);
      ch.read(json, 20);
      checkNodeDepth(new String(json.array(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw bad("GLB file cannot be read: " + e.getMessage());
    }
  }

  static void checkGltfJson(Path file, long size) {
    if (size > MAX_JSON_BYTES) return;   // Assimp decides; the importer process bounds the cost
    try {
      checkNodeDepth(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw bad("glTF file is not valid UTF-8 JSON");
    }
  }

  /** Depth of the node hierarchy, computed without recursion; cycles count as too deep. */
  static void checkNodeDepth(String json) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (RuntimeException e) {
      throw bad("glTF JSON is malformed: " + e.getMessage());
    }
    JsonArray nodes = root.getJsonArray("nodes");
    if (nodes == null) return;
    int n = nodes.size();
    int[] parent = new int[n];
    java.util.Arrays.fill(parent, -1);
    for (int i = 0; i < n; i++) {
      Object o = nodes.getValue(i);
      if (!(o instanceof JsonObject node)) continue;
      JsonArray children = node.getJsonArray("children");
      if (children == null) continue;
      for (Object c : children) {
        if (!(c instanceof Number num)) continue;
        int ci = num.intValue();
        if (ci < 0 || ci >= n) throw bad("glTF node " + i + " names a child " + ci + " that does not exist");
        if (parent[ci] != -1 || ci == i) throw bad("glTF node " + ci + " has more than one parent");
        parent[ci] = i;
      }
    }
    int[] depth = new int[n];
    for (int i = 0; i < n; i++) {
      if (depth[i] != 0) continue;
      Deque<Integer> chain = new ArrayDeque<>();
      int cur = i;
      while (cur != -1 && depth[cur] == 0) {
        chain.push(cur);
        if (chain.size() > n) throw bad("glTF node hierarchy has a cycle");
        cur = parent[cur];
      }
      int d = cur == -1 ? 0 : depth[cur];
      while (!chain.isEmpty()) {
        depth[chain.pop()] = ++d;
        if (d > MAX_NODE_DEPTH) {
          throw bad(String.format(Locale.ROOT, "glTF node hierarchy is more than %,d levels deep (limit %,d)", maxChain(parent), MAX_NODE_DEPTH));
        }
      }
    }
  }

  private static int maxChain(int[] parent) {
    int best = 0;
    for (int i = 0; i < parent.length; i++) {
      int d = 0;
      for (int c = i; c != -1 && d <= parent.length; c = parent[c]) d++;
      best = Math.max(best, d);
      if (best >= parent.length) break;
    }
    return best - 1;
  }
}
