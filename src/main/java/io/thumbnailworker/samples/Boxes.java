package io.thumbnailworker.samples;

import java.util.List;

/** Axis-aligned boxes as 24 vertices (four per face, flat normals) and 12 triangles wound outwards. */
final class Boxes {
  private Boxes() {}

  /** Appends the box from {@code (x0, y0, z0)} to {@code (x1, y1, z1)}; every vertex gets the same UV. */
  static void add(List<float[]> pos, List<float[]> nrm, List<float[]> uv, List<Integer> idx,
                  float x0, float y0, float z0, float x1, float y1, float z1) {
    float[][] n = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (float[] f : n) {
      int start = pos.size();
      for (int k = 0; k < 4; k++) {
        float a = (k == 1 || k == 2) ? 1 : 0, b = k >= 2 ? 1 : 0;
        float[] p = new float[3];
        int ax = f[0] != 0 ? 0 : f[1] != 0 ? 1 : 2, u = (ax + 1) % 3, w = (ax + 2) % 3;
        float[] lo = {x0, y0, z0}, hi = {x1, y1, z1};
        p[ax] = f[ax] > 0 ? hi[ax] : lo[ax];
        p[u] = lo[u] + a * (hi[u] - lo[u]);
        p[w] = lo[w] + b * (hi[w] - lo[w]);
        pos.add(p);
        nrm.add(f.clone());
        uv.add(new float[] {0.02f, 0.98f});
      }
      boolean flip = f[0] + f[1] + f[2] < 0;
      int[] tri = flip ? new int[] {0, 2, 1, 0, 3, 2} : new int[] {0, 1, 2, 0, 2, 3};
      for (int t : tri) idx.add(start + t);
    }
  }
}
