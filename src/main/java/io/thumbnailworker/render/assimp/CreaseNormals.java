package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;

import java.util.Arrays;

/**
 * Vertex normals for a mesh that has none, smooth across gentle bends and hard across creases: a corner's normal is
 * the area-weighted sum of the normals of the triangles around its position that are within the crease angle of its
 * own triangle, and a vertex whose corners end up with different normals is split. Assimp's own smoothing (one normal
 * per shared vertex, 175 degrees) rounds a box into a pillow. Corners are grouped by position, not by index, so a
 * seam in the texture coordinates does not show as a seam in the shading.
 */
final class CreaseNormals {
  /** More triangles than this around one point (a degenerate or hostile mesh) are shaded flat there, not compared pairwise. */
  private static final int MAX_FAN = 1024;

  private CreaseNormals() {}

  static ModelData.Mesh of(ModelData.Mesh mesh, double creaseDegrees) {
    float[] p = mesh.positions();
    int[] idx = mesh.indices();
    int tris = idx.length / 3, nv = p.length / 3;
    float[] face = faceNormals(p, idx);
    int[] where = weld(p);
    // corners grouped by welded position (counting sort)
    int[] start = new int[nv + 1];
    for (int i : idx) start[where[i] + 1]++;
    for (int i = 0; i < nv; i++) start[i + 1] += start[i];
    int[] corners = new int[idx.length], fill = Arrays.copyOf(start, nv);
    for (int c = 0; c < idx.length; c++) corners[fill[where[idx[c]]]++] = c;
    double cos = Math.cos(Math.toRadians(Math.min(creaseDegrees, 179.9)));
    float[] cornerNormal = new float[idx.length * 3];
    double[] sum = new double[3];
    for (int c = 0; c < idx.length; c++) {
      int t = c / 3, w = where[idx[c]];
      if (start[w + 1] - start[w] > MAX_FAN) sum(face, t, t + 1, null, t, 1, sum);
      else sum(face, start[w], start[w + 1], corners, t, cos, sum);
      double len = Math.sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
      cornerNormal[3 * c] = len > 0 ? (float) (sum[0] / len) : 0;
      cornerNormal[3 * c + 1] = len > 0 ? (float) (sum[1] / len) : 1;
      cornerNormal[3 * c + 2] = len > 0 ? (float) (sum[2] / len) : 0;
    }
    return split(mesh, cornerNormal, tris);
  }

  /**
   * Into {@code out}: the sum of the face normals of the triangles of corners {@code [from, to)} (or of triangles
   * {@code [from, to)} when {@code corners} is null) within the crease angle of triangle {@code t}.
   */
  private static void sum(float[] face, int from, int to, int[] corners, int t, double cos, double[] out) {
    out[0] = out[1] = out[2] = 0;
    for (int k = from; k < to; k++) {
      int u = corners == null ? k : corners[k] / 3;
      if (u != t && dotUnit(face, t, u) < cos) continue;
      out[0] += face[3 * u];
      out[1] += face[3 * u + 1];
      out[2] += face[3 * u + 2];
    }
  }

  /** One vertex per (original vertex, distinct normal): the corners of a vertex mostly agree, so few are added. */
  private static ModelData.Mesh split(ModelData.Mesh mesh, float[] cornerNormal, int tris) {
    int[] idx = mesh.indices();
    int nv = mesh.positions().length / 3;
    int[] firstOut = new int[nv];
    Arrays.fill(firstOut, -1);
    int[] source = new int[nv + idx.length];   // output vertex -> original vertex
    int[] nextOut = new int[nv + idx.length];  // chain of the output vertices of one original vertex
    float[] normals = new float[3 * (nv + idx.length)];
    int[] out = new int[idx.length];
    int count = 0;
    for (int c = 0; c < 3 * tris; c++) {
      int v = idx[c], o = firstOut[v], last = -1;
      while (o >= 0 && !same(normals, o, cornerNormal, c)) {
        last = o;
        o = nextOut[o];
      }
      if (o < 0) {
        o = count++;
        source[o] = v;
        nextOut[o] = -1;
        System.arraycopy(cornerNormal, 3 * c, normals, 3 * o, 3);
        if (last < 0) firstOut[v] = o;
        else nextOut[last] = o;
      }
      out[c] = o;
    }
    return new ModelData.Mesh(gather(mesh.positions(), 3, source, count), Arrays.copyOf(normals, 3 * count),
        gather(mesh.uvs(), 2, source, count), gather(mesh.colors(), 4, source, count), out, mesh.material());
  }

  private static float[] gather(float[] in, int width, int[] source, int count) {
    if (in == null) return null;
    float[] out = new float[width * count];
    for (int o = 0; o < count; o++) System.arraycopy(in, width * source[o], out, width * o, width);
    return out;
  }

  private static boolean same(float[] a, int i, float[] b, int j) {
    return a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2] > 0.9999f;
  }

  /** Cross products of the triangles' edges: their length is twice the area, which weights the sums. */
  private static float[] faceNormals(float[] p, int[] idx) {
    float[] n = new float[idx.length];
    for (int t = 0; t + 2 < idx.length; t += 3) {
      int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
      float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      n[t] = uy * vz - uz * vy;
      n[t + 1] = uz * vx - ux * vz;
      n[t + 2] = ux * vy - uy * vx;
    }
    return n;
  }

  private static double dotUnit(float[] n, int t, int u) {
    double ax = n[3 * t], ay = n[3 * t + 1], az = n[3 * t + 2], bx = n[3 * u], by = n[3 * u + 1], bz = n[3 * u + 2];
    double la = ax * ax + ay * ay + az * az, lb = bx * bx + by * by + bz * bz;
    if (la == 0 || lb == 0) return 1;   // a degenerate triangle bends nothing
    return (ax * bx + ay * by + az * bz) / Math.sqrt(la * lb);
  }

  /** For each vertex, the first vertex at exactly the same position (open addressing on the coordinates' bits). */
  private static int[] weld(float[] p) {
    int nv = p.length / 3;
    int cap = Integer.highestOneBit(Math.max(4, nv * 2 - 1)) << 1;
    int[] table = new int[cap];
    Arrays.fill(table, -1);
    int[] where = new int[nv];
    for (int v = 0; v < nv; v++) {
      int h = hash(p, v) & (cap - 1);
      while (table[h] >= 0 && !samePosition(p, table[h], v)) h = (h + 1) & (cap - 1);
      if (table[h] < 0) table[h] = v;
      where[v] = table[h];
    }
    return where;
  }

  private static int hash(float[] p, int v) {
    int h = Float.floatToIntBits(p[3 * v] + 0f) * 0x9E3779B1;
    h = (h ^ Float.floatToIntBits(p[3 * v + 1] + 0f)) * 0x85EBCA77;
    h = (h ^ Float.floatToIntBits(p[3 * v + 2] + 0f)) * 0xC2B2AE3D;
    return h ^ (h >>> 15);
  }

  private static boolean samePosition(float[] p, int a, int b) {
    return p[3 * a] == p[3 * b] && p[3 * a + 1] == p[3 * b + 1] && p[3 * a + 2] == p[3 * b + 2];
  }
}
