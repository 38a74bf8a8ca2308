package io.thumbnailworker.samples;

import java.util.Locale;

/** {@code color-cube.ply}: an ASCII PLY box whose vertex colours follow their positions, so every side differs. */
final class ColorCube {
  private ColorCube() {}

  static String ply() {
    StringBuilder v = new StringBuilder(), f = new StringBuilder();
    float[][] normals = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    int count = 0;
    for (float[] nrm : normals) {
      int ax = nrm[0] != 0 ? 0 : nrm[1] != 0 ? 1 : 2, u = (ax + 1) % 3, w = (ax + 2) % 3;
      int[][] corners = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
      for (int[] c : corners) {
        float[] p = new float[3];
        p[ax] = nrm[ax] > 0 ? 1 : -1;
        p[u] = c[0] == 1 ? 1 : -1;
        p[w] = c[1] == 1 ? 1 : -1;
        // a taller, narrower box with a chamfered top corner colour scheme: colour from position, so every side differs
        int r = (int) (127.5 * (p[0] + 1)), g = (int) (127.5 * (p[1] + 1)), b = (int) (127.5 * (p[2] + 1));
        v.append(String.format(Locale.ROOT, "%.3f %.3f %.3f %.0f %.0f %.0f %d %d %d%n", p[0] * 0.8, p[1] * 1.2, p[2] * 0.8, nrm[0], nrm[1], nrm[2], r, g, b));
      }
      boolean flip = nrm[0] + nrm[1] + nrm[2] < 0;
      int s = count;
      f.append(flip ? String.format("3 %d %d %d%n3 %d %d %d%n", s, s + 2, s + 1, s, s + 3, s + 2)
          : String.format("3 %d %d %d%n3 %d %d %d%n", s, s + 1, s + 2, s, s + 2, s + 3));
      count += 4;
    }
    return "ply\nformat ascii 1.0\ncomment thumbnail-worker SampleModels: vertex-coloured box\n"
        + "element vertex " + count + "\nproperty float x\nproperty float y\nproperty float z\n"
        + "property float nx\nproperty float ny\nproperty float nz\n"
        + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
        + "element face 12\nproperty list uchar int vertex_indices\nend_header\n" + v + f;
  }
}
