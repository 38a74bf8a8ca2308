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
    long[] q = new long[vertexCount * 3];
    for (int i = 0; i < q.length; i++) q[i] = Math.round(positions[i] / 1e-5);
    // each vertex written once; the items are built from these bytes (all ASCII, so byte order is string order)
    byte[][] written = new byte[vertexCount][];
    for (int v = 0; v < vertexCount; v++) {
      written[v] = (q[3 * v] + "," + q[3 * v + 1] + "," + q[3 * v + 2]).getBytes(StandardCharsets.US_ASCII);
    }
    byte[][] items = triangleCount > 0 ? new byte[triangleCount][] : written.clone();
    int[] corner = new int[3];
    for (int t = 0; t < triangleCount; t++) {
      for (int k = 0; k < 3; k++) corner[k] = triangles[3 * t + k];
      sortCorners(corner, q);
      items[t] = join(written[corner[0]], written[corner[1]], written[corner[2]]);
    }
    Arrays.sort(items, Arrays::compare);
    long h = feed(FNV_OFFSET, (vertexCount + "|" + triangleCount).getBytes(StandardCharsets.US_ASCII));
    for (byte[] item : items) h = feed(feed(h, BAR), item);
    return String.format("%016x", h);
  }

  /** FNV-1a-64 of {@code text}'s UTF-8 bytes. */
  public static String fnv1a64(String text) {
    return String.format("%016x", feed(FNV_OFFSET, text.getBytes(StandardCharsets.UTF_8)));
  }

  private static final byte[] BAR = {'|'};

  private static long feed(long h, byte[] bytes) {
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** Orders three vertex indices by their quantised (x, y, z). */
  private static void sortCorners(int[] c, long[] q) {
    if (compare(q, c[1], c[0]) < 0) swap(c, 0, 1);
    if (compare(q, c[2], c[1]) < 0) swap(c, 1, 2);
    if (compare(q, c[1], c[0]) < 0) swap(c, 0, 1);
  }

  private static int compare(long[] q, int a, int b) {
    for (int i = 0; i < 3; i++) {
      int c = Long.compare(q[3 * a + i], q[3 * b + i]);
      if (c != 0) return c;
    }
    return 0;
  }

  private static void swap(int[] c, int i, int j) {
    int t = c[i];
    c[i] = c[j];
    c[j] = t;
  }

  private static byte[] join(byte[] a, byte[] b, byte[] c) {
    byte[] out = new byte[a.length + b.length + c.length + 2];
    System.arraycopy(a, 0, out, 0, a.length);
    out[a.length] = ';';
    System.arraycopy(b, 0, out, a.length + 1, b.length);
    out[a.length + 1 + b.length] = ';';
    System.arraycopy(c, 0, out, a.length + b.length + 2, c.length);
    return out;
  }
}
