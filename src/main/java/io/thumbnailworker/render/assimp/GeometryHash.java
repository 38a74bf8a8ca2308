package io.thumbnailworker.render.assimp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Modelibr's geometry hash, version 1: a fingerprint of a mesh's local shape that ignores vertex and triangle order.
 * Coordinates are quantised to 1e-5 (q = round(c / 1e-5)); each triangle's three vertex tuples are sorted (by x, then
 * y, then z) and written {@code "x,y,z;x,y,z;x,y,z"}; those strings are sorted and hashed with FNV-1a-64 as
 * {@code "vertexCount|triangleCount|tri|tri…"}, 16 lower-case hex digits. A mesh without faces hashes its sorted
 * vertices ({@code "x,y,z"}) as {@code "vertexCount|0|v|v…"}.
 */
public final class GeometryHash {
  public static final int VERSION = 1;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private GeometryHash() {}

  /**
   * @param positions x, y, z per vertex
   * @param triangles three vertex indices per triangle (all inside {@code positions})
   */
  public static String of(float[] positions, int[] triangles) {
    int vertexCount = positions.length / 3;
    int triangleCount = triangles.length / 3;
    String[] items;
    if (triangleCount > 0) {
      items = new String[triangleCount];
      long[][] tuple = new long[3][];
      for (int t = 0; t < triangleCount; t++) {
        for (int k = 0; k < 3; k++) tuple[k] = quantised(positions, triangles[3 * t + k]);
        Arrays.sort(tuple, GeometryHash::compare);
        items[t] = tuple(tuple[0]) + ";" + tuple(tuple[1]) + ";" + tuple(tuple[2]);
      }
    } else {
      items = new String[vertexCount];
      for (int v = 0; v < vertexCount; v++) items[v] = tuple(quantised(positions, v));
    }
    Arrays.sort(items);
    long h = feed(FNV_OFFSET, vertexCount + "|" + triangleCount);
    for (String item : items) h = feed(feed(h, "|"), item);
    return String.format("%016x", h);
  }

  /** FNV-1a-64 of {@code text}'s UTF-8 bytes. */
  public static String fnv1a64(String text) {
    return String.format("%016x", feed(FNV_OFFSET, text));
  }

  private static long feed(long h, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private static long[] quantised(float[] p, int v) {
    return new long[] {Math.round(p[3 * v] / 1e-5), Math.round(p[3 * v + 1] / 1e-5), Math.round(p[3 * v + 2] / 1e-5)};
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 0; i < 3; i++) {
      int c = Long.compare(a[i], b[i]);
      if (c != 0) return c;
    }
    return 0;
  }

  private static String tuple(long[] q) {
    return q[0] + "," + q[1] + "," + q[2];
  }
}
