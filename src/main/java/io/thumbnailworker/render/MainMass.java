package io.thumbnailworker.render;

import java.util.List;

/**
 * The part of a model the camera frames: every mesh except small ones lying far from the rest. One stray part (a
 * key that an importer places metres away, a forgotten helper object) would otherwise shrink the model to a corner of
 * the frame. Grown from the largest mesh (by surface area): a mesh joins when it is within half the group's size of
 * the group's bounding box, or when it holds at least 5 % of the surface; repeated until nothing joins. What is left
 * out may hold at most 5 % of the surface, else the whole model is framed.
 *
 * @param included per mesh, whether it is framed
 * @param min the framed meshes' bounding box
 * @param max the framed meshes' bounding box
 */
record MainMass(boolean[] included, double[] min, double[] max) {
  private static final double SUBSTANTIAL = 0.05;
  private static final double GAP = 0.5;

  static MainMass of(List<ModelData.Mesh> meshes) {
    int n = meshes.size();
    double[][] lo = new double[n][], hi = new double[n][];
    double[] area = new double[n];
    double total = 0;
    int largest = 0;
    for (int i = 0; i < n; i++) {
      lo[i] = new double[3];
      hi[i] = new double[3];
      box(meshes.get(i).positions(), lo[i], hi[i]);
      area[i] = area(meshes.get(i));
      total += area[i];
      if (area[i] > area[largest]) largest = i;
    }
    boolean[] in = new boolean[n];
    in[largest] = true;
    double[] min = lo[largest].clone(), max = hi[largest].clone();
    for (boolean grew = true; grew; ) {
      grew = false;
      double gap = GAP * Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2]));
      for (int i = 0; i < n; i++) {
        if (in[i] || !(area[i] >= SUBSTANTIAL * total || distance(lo[i], hi[i], min, max) <= gap)) continue;
        in[i] = true;
        grew = true;
        for (int a = 0; a < 3; a++) {
          min[a] = Math.min(min[a], lo[i][a]);
          max[a] = Math.max(max[a], hi[i][a]);
        }
      }
    }
    double left = 0;
    for (int i = 0; i < n; i++) if (!in[i]) left += area[i];
    if (left > SUBSTANTIAL * total || !(max[0] - min[0] + max[1] - min[1] + max[2] - min[2] > 0)) return all(lo, hi);
    return new MainMass(in, min, max);
  }

  private static MainMass all(double[][] lo, double[][] hi) {
    boolean[] in = new boolean[lo.length];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < lo.length; i++) {
      in[i] = true;
      for (int a = 0; a < 3; a++) {
        min[a] = Math.min(min[a], lo[i][a]);
        max[a] = Math.max(max[a], hi[i][a]);
      }
    }
    return new MainMass(in, min, max);
  }

  /** Gap between two boxes (0 when they touch or overlap). */
  private static double distance(double[] lo, double[] hi, double[] min, double[] max) {
    double sum = 0;
    for (int a = 0; a < 3; a++) {
      double d = Math.max(0, Math.max(min[a] - hi[a], lo[a] - max[a]));
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  private static void box(float[] p, double[] lo, double[] hi) {
    for (int a = 0; a < 3; a++) {
      lo[a] = Double.MAX_VALUE;
      hi[a] = -Double.MAX_VALUE;
    }
    for (int i = 0; i + 2 < p.length; i += 3) {
      for (int a = 0; a < 3; a++) {
        lo[a] = Math.min(lo[a], p[i + a]);
        hi[a] = Math.max(hi[a], p[i + a]);
      }
    }
  }

  private static double area(ModelData.Mesh m) {
    float[] p = m.positions();
    int[] idx = m.indices();
    double sum = 0;
    for (int t = 0; t + 2 < idx.length; t += 3) {
      int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
      double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      double x = uy * vz - uz * vy, y = uz * vx - ux * vz, z = ux * vy - uy * vx;
      sum += Math.sqrt(x * x + y * y + z * z) / 2;
    }
    return sum;
  }
}
