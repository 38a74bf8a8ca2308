package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.RenderException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
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

/**
 * Cheap checks before a file goes to Assimp: sizes in headers against the real file size, glTF node depth, element
 * counts. They turn known traps (a GLB chunk length that makes Assimp allocate 2 GiB, a PLY header promising
 * 2,000,000 faces in 200 bytes, a 20,000-level node chain) into clear messages in microseconds. They are a first
 * filter, not the safety net: the importer process is (see {@link ImporterProcess}).
 */
public final class PreChecks {
  static final int MAX_NODE_DEPTH = 1000;
  private static final long MAX_JSON_BYTES = 64L << 20;

  private PreChecks() {}

  /** What Assimp should be told the file is called: its own name, or a corrected one when the content says otherwise. */
  public static String check(Path file, String fileType) {
    long size;
    try {
      if (!Files.isRegularFile(file)) throw new RenderException(RenderException.BAD_MODEL, "model file does not exist");
      size = Files.size(file);
    } catch (IOException e) {
      throw new RenderException(RenderException.BAD_MODEL, "model file cannot be read: " + e.getMessage());
    }
    if (size == 0) throw new RenderException(RenderException.BAD_MODEL, "model file is empty");
    String name = file.getFileName().toString();
    String ext = extension(name);
    String type = fileType == null ? "" : fileType.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
    if (!type.isEmpty() && !type.equals(ext)) {
      name = name + "." + type;
      ext = type;
    }
    byte[] head = head(file, 512);
    if (startsWith(head, "glTF")) {
      checkGlb(file, size);
      return ext.equals("glb") || ext.equals("vrm") ? name : name + ".glb";
    }
    switch (ext) {
      case "glb" -> throw new RenderException(RenderException.BAD_MODEL, "file is not a binary glTF (no 'glTF' header)");
      case "gltf" -> checkGltfJson(file, size);
      case "ply" -> checkPly(file, size, head);
      case "stl" -> checkStl(file, size, head);
      default -> { }
    }
    return name;
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static void checkGlb(Path file, long size) {
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

  private static void checkGltfJson(Path file, long size) {
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

  private static void checkPly(Path file, long size, byte[] head) {
    if (!startsWith(head, "ply")) throw bad("PLY file does not start with 'ply'");
    String header;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = in.readNBytes(64 * 1024);
      String text = new String(buf, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("end_header");
      if (end < 0) throw bad("PLY header has no end_header in its first 64 KiB");
      int nl = text.indexOf('\n', end);
      header = text.substring(0, nl < 0 ? text.length() : nl + 1);
    } catch (IOException e) {
      throw bad("PLY file cannot be read: " + e.getMessage());
    }
    boolean ascii = header.contains("format ascii");
    long body = size - header.getBytes(StandardCharsets.ISO_8859_1).length;
    long minBytes = 0;
    long count = 0;
    int props = 0;
    long propBytes = 0;
    StringBuilder what = new StringBuilder();
    for (String line : header.split("\r?\n")) {
      String[] t = line.trim().split("\\s+");
      if (t[0].equals("element") && t.length >= 3) {
        minBytes += elementBytes(ascii, count, props, propBytes);
        try {
          count = Long.parseLong(t[2]);
        } catch (NumberFormatException e) {
          throw bad("PLY element count '" + t[2] + "' is not a number");
        }
        if (count < 0) throw bad("PLY element count is negative");
        props = 0;
        propBytes = 0;
        if (count > 0) what.append(what.length() == 0 ? "" : " and ").append(String.format(Locale.ROOT, "%,d %s", count, t[1]));
      } else if (t[0].equals("property") && t.length >= 3) {
        props++;
        propBytes += t[1].equals("list") ? typeBytes(t[2]) : typeBytes(t[1]);
      }
    }
    minBytes += elementBytes(ascii, count, props, propBytes);
    if (minBytes > body) {
      throw bad(String.format(Locale.ROOT, "PLY header declares %s, which needs at least %,d bytes, but the file has only %,d bytes of data", what, minBytes, body));
    }
  }

  private static long elementBytes(boolean ascii, long count, int props, long propBytes) {
    // ASCII: every value is at least one digit plus a separator
    return count * (ascii ? 2L * props : propBytes);
  }

  private static int typeBytes(String t) {
    return switch (t) {
      case "char", "uchar", "int8", "uint8" -> 1;
      case "short", "ushort", "int16", "uint16" -> 2;
      case "double", "float64" -> 8;
      default -> 4;
    };
  }

  private static void checkStl(Path file, long size, byte[] head) {
    boolean asciiLooking = startsWith(head, "solid") && new String(head, StandardCharsets.ISO_8859_1).contains("facet");
    if (asciiLooking) return;
    if (size < 84) {
      if (startsWith(head, "solid")) return;
      throw bad("binary STL is truncated (" + size + " bytes, the header alone is 84)");
    }
    ByteBuffer b = ByteBuffer.wrap(head, 80, 4).order(ByteOrder.LITTLE_ENDIAN);
    long declared = Integer.toUnsignedLong(b.getInt(80));
    long actual = (size - 84) / 50;
    if (declared != actual && !startsWith(head, "solid")) {
      throw bad(String.format(Locale.ROOT, "binary STL header claims %,d triangles but the file holds %,d", declared, actual));
    }
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw bad("model file cannot be read: " + e.getMessage());
    }
  }

  private static boolean startsWith(byte[] b, String magic) {
    if (b.length < magic.length()) return false;
    for (int i = 0; i < magic.length(); i++) if (b[i] != magic.charAt(i)) return false;
    return true;
  }

  private static RenderException bad(String msg) {
    return new RenderException(RenderException.BAD_MODEL, msg);
  }
}
