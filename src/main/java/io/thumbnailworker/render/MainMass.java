package io.thumbnailworker.render;

import java.util.Arrays;
import java.util.List;

/**
 * The box the camera frames: the model without small parts lying far from the rest. One stray part (a key that an
 * importer places metres away, a forgotten helper triangle) would otherwise shrink the model to a corner of the
 * frame. Along each axis, the triangles' spans are merged into clusters where they overlap; starting from the
 * cluster with the most surface, a neighbouring cluster joins when the gap to it is at most half the span gathered
 * so far, or when it holds at least 5 % of the surface. What is left out may hold at most 5 % of the surface,
 * otherwise the axis keeps its whole range. Parts are found by their position, not by mesh, since pre-transforming
 * merges the meshes of one material.
 *
 * @param min the framed box; a vertex outside it is left out of the framing (but still drawn if in view)
 * @param max the framed box
 */
record MainMass(double[] min, double[] max) {
  private static final double SUBSTANTIAL = 0.05;
  private static final double GAP = 0.5;
  private static final int MAX_TRIANGLES = 16_384;

  /** @param allMin the model's whole bounding box */
  static MainMass of(List<ModelData.Mesh> meshes, double[] allMin, double[] allMax) {
    long triangles = 0;
    for (ModelData.Mesh m : meshes) triangles += m.triangleCount();
    long stride = Math.max(1, triangles / MAX_TRIANGLES);
    int n = (int) Math.min(triangles, (triangles + stride - 1) / stride);
    double[] lo = new double[3 * n], hi = new double[3 * n], area = new double[n];
    int k = 0;
    long t = 0;
    for (ModelData.Mesh m : meshes) {
      float[] p = m.positions();
      int[] idx = m.indices();
      for (int i = 0; i + 2 < idx.length; i += 3) {
        if (t++ % stride != 0 || k >= n) continue;
        span(p, 3 * idx[i], 3 * idx[i + 1], 3 * idx[i + 2], lo, hi, area, k++);
      }
    }
    double[] min = allMin.clone(), max = allMax.clone();
    boolean narrowed = false;
    for (int a = 0; a < 3; a++) narrowed |= axis(lo, hi, area, k, a, min, max);
    return narrowed ? tight(meshes, new MainMass(min, max)) : new MainMass(min, max);
  }

  /** The bounding box of the vertices inside {@code allowed}. */
  private static MainMass tight(List<ModelData.Mesh> meshes, MainMass allowed) {
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (ModelData.Mesh m : meshes) {
      float[] p = m.positions();
      for (int i = 0; i + 2 < p.length; i += 3) {
        if (!allowed.contains(p[i], p[i + 1], p[i + 2])) continue;
        for (int a = 0; a < 3; a++) {
          min[a] = Math.min(min[a], p[i + a]);
          max[a] = Math.max(max[a], p[i + a]);
        }
      }
    }
    return min[0] <= max[0] ? new MainMass(min, max) : allowed;
  }

  private static void span(float[] p, int i, int j, int l, double[] lo, double[] hi, double[] area, int k) {
    for (int a = 0; a < 3; a++) {
      lo[3 * k + a] = Math.min(p[i + a], Math.min(p[j + a], p[l + a]));
      hi[3 * k + a] = Math.max(p[i + a], Math.max(p[j + a], p[l + a]));
    }
    double ux = p[j] - p[i], uy = p[j + 1] - p[i + 1], uz = p[j + 2] - p[i + 2];
    double vx = p[l] - p[i], vy = p[l + 1] - p[i + 1], vz = p[l + 2] - p[i + 2];
    double x = uy * vz - uz * vy, y = uz * vx - ux * vz, z = ux * vy - uy * vx;
    area[k] = Math.sqrt(x * x + y * y + z * z) / 2;
  }

  /**
   * Narrows [min[a], max[a]] to the main cluster along axis a and a margin of half its span (vertices the strided
   * triangles missed may lie there), when what it leaves out is small; true when it narrowed.
   */
  private static boolean axis(double[] lo, double[] hi, double[] area, int n, int a, double[] min, double[] max) {
    // sorted by where the span starts: the float's bits made order-preserving, the triangle in the low half
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      int bits = Float.floatToIntBits((float) lo[3 * i + a]);
      order[i] = (long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32 | i;
    }
    Arrays.sort(order);
    // clusters of overlapping spans, in order along the axis
    double[] cLo = new double[n], cHi = new double[n], cArea = new double[n];
    int c = -1;
    double total = 0;
    for (int o = 0; o < n; o++) {
      int i = (int) order[o];
      double l = lo[3 * i + a], h = hi[3 * i + a];
      total += area[i];
      if (c < 0 || l > cHi[c]) {
        c++;
        cLo[c] = l;
        cHi[c] = h;
      }
      cHi[c] = Math.max(cHi[c], h);
      cArea[c] += area[i];
    }
    if (c < 1 || !(total > 0)) return false;
    int first = 0;
    for (int i = 1; i <= c; i++) if (cArea[i] > cArea[first]) first = i;
    int last = first;
    double kept = cArea[first];
    for (boolean grew = true; grew; ) {
      grew = false;
      double reach = GAP * (cHi[last] - cLo[first]);
      if (first > 0 && (cLo[first] - cHi[first - 1] <= reach || cArea[first - 1] >= SUBSTANTIAL * total)) {
        kept += cArea[--first];
        grew = true;
      }
      if (last < c && (cLo[last + 1] - cHi[last] <= reach || cArea[last + 1] >= SUBSTANTIAL * total)) {
        kept += cArea[++last];
        grew = true;
      }
    }
    if (first == 0 && last == c || total - kept > SUBSTANTIAL * total || !(cHi[last] > cLo[first])) return false;
    double margin = GAP * (cHi[last] - cLo[first]);
    min[a] = Math.max(min[a], cLo[first] - margin);
    max[a] = Math.min(max[a], cHi[last] + margin);
    return true;
  }

  boolean contains(double x, double y, double z) {
    return x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1] && z >= min[2] && z <= max[2];
  }
}
