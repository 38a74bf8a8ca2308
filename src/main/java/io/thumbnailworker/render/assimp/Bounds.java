package io.thumbnailworker.render.assimp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** Axis-aligned bounds of points, optionally moved by a row-major 4x4 matrix first, as JSON the scene graph uses. */
final class Bounds {
  private Bounds() {}

  /** {@code {min, max}} of the points, each moved by {@code matrix} when it is not null; empty without points. */
  static Optional<double[][]> of(float[] p, double[] matrix) {
    if (p.length < 3) return Optional.empty();
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int v = 0; v + 2 < p.length; v += 3) {
      double x = p[v], y = p[v + 1], z = p[v + 2];
      if (matrix != null) {
        double tx = matrix[0] * x + matrix[1] * y + matrix[2] * z + matrix[3];
        double ty = matrix[4] * x + matrix[5] * y + matrix[6] * z + matrix[7];
        z = matrix[8] * x + matrix[9] * y + matrix[10] * z + matrix[11];
        x = tx;
        y = ty;
      }
      min[0] = Math.min(min[0], x); min[1] = Math.min(min[1], y); min[2] = Math.min(min[2], z);
      max[0] = Math.max(max[0], x); max[1] = Math.max(max[1], y); max[2] = Math.max(max[2], z);
    }
    return Optional.of(new double[][] {min, max});
  }

  /** The union of two bounds (either may be null). */
  static double[][] union(double[][] a, double[][] b) {
    if (a == null) return b;
    if (b == null) return a;
    double[] min = new double[3], max = new double[3];
    for (int i = 0; i < 3; i++) {
      min[i] = Math.min(a[0][i], b[0][i]);
      max[i] = Math.max(a[1][i], b[1][i]);
    }
    return new double[][] {min, max};
  }

  static double[] dimensions(double[][] b) {
    return new double[] {b[1][0] - b[0][0], b[1][1] - b[0][1], b[1][2] - b[0][2]};
  }

  static JsonObject json(double[][] b, boolean withDimensions) {
    if (b == null) return null;
    JsonObject o = new JsonObject().put("min", vector(b[0])).put("max", vector(b[1]));
    return withDimensions ? o.put("dimensions", vector(dimensions(b))) : o;
  }

  static JsonArray vector(double[] v) {
    JsonArray a = new JsonArray();
    for (double d : v) a.add(round6(d));
    return a;
  }

  /** Modelibr rounds the scene graph's numbers to 6 decimal places. */
  static double round6(double d) {
    return Math.round(d * 1e6) / 1e6;
  }
}
