package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import java.util.Locale;

/**
 * Where the model goes and where the camera stands: the model's main mass ({@link MainMass}: small parts far from
 * the rest left out) is centred and uniformly scaled to {@code normalizedScale} (when normalisation is on), then the camera distance is the smallest that keeps every
 * sampled vertex inside 90 % of the frame at every orbit angle, so the object fills the image without clipping
 * and without the zoom changing between frames. Also the geometry sanity guard: non-finite coordinates and a
 * zero-size bounding box are rejected here, before any of it reaches a matrix.
 */
public record Framing(double[] center, double scale, double distance, double near, double far, double fovY) {
  public static final double FOV_Y = Math.toRadians(30);
  private static final double FILL = 0.90;
  private static final int MAX_SAMPLES = 8192;

  public static Framing compute(ModelData model, RenderSettings s) {
    Bounds box = Bounds.of(model);
    MainMass mass = MainMass.of(model.meshes(), box.min(), box.max());
    double[] min = mass.min(), max = mass.max();
    double[] center = {(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2};
    double extent = Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2]));
    double magnitude = Math.max(1e-30, Math.max(Math.abs(center[0]), Math.max(Math.abs(center[1]), Math.abs(center[2]))));
    if (!(extent > 0) || extent < 1e-7 * magnitude || !Double.isFinite(extent)) {
      throw new RenderException(RenderException.BAD_MODEL, "model geometry is degenerate: all vertices are at one point (zero-size bounding box)");
    }
    double scale = s.normalize() ? s.normalizedScale() / extent : 1.0;
    double[] pts = samples(model, mass, box.vertices(), center, scale);
    double radius = 0;
    for (int i = 0; i < pts.length; i += 3) radius = Math.max(radius, Math.sqrt(pts[i] * pts[i] + pts[i + 1] * pts[i + 1] + pts[i + 2] * pts[i + 2]));
    // near and far planes around the whole model, so a part left out of the framing is still drawn when in view
    double[] allMin = box.min(), allMax = box.max();
    double halfDiag = scale * Math.max(dist(center, allMin, allMax), 0.5 * Math.sqrt(sq(max[0] - min[0]) + sq(max[1] - min[1]) + sq(max[2] - min[2])));
    double distance = Math.max(orbitDistance(pts, s), radius * 1.05);
    if (s.cameraDistance() > 0) distance = s.cameraDistance();
    double near = Math.max((distance - halfDiag) * 0.9, distance * 1e-3);
    double far = distance + halfDiag * 1.1 + 1e-6;
    if (!Double.isFinite(distance) || !(distance > 0)) {
      throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT, "model cannot be framed (camera distance %s)", distance));
    }
    return new Framing(center, scale, distance, near, far, FOV_Y);
  }

  /** The model's bounding box and vertex count; non-finite coordinates and an empty model are refused here. */
  private record Bounds(double[] min, double[] max, long vertices) {
    static Bounds of(ModelData model) {
      double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
      double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
      long vertices = 0;
      for (ModelData.Mesh m : model.meshes()) {
        float[] p = m.positions();
        for (int i = 0; i < p.length; i += 3) {
          float x = p[i], y = p[i + 1], z = p[i + 2];
          if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
            throw new RenderException(RenderException.BAD_MODEL, "model has non-finite vertex coordinates (NaN or infinity)");
          }
          if (x < min[0]) min[0] = x;
          if (y < min[1]) min[1] = y;
          if (z < min[2]) min[2] = z;
          if (x > max[0]) max[0] = x;
          if (y > max[1]) max[1] = y;
          if (z > max[2]) max[2] = z;
        }
        vertices += p.length / 3;
      }
      if (vertices == 0) throw new RenderException(RenderException.BAD_MODEL, "model has no vertices");
      return new Bounds(min, max, vertices);
    }
  }

  /** The smallest camera distance at which every sampled point stays inside the fill area at every orbit angle. */
  private static double orbitDistance(double[] pts, RenderSettings s) {
    double aspect = (double) s.width() / s.height();
    double ty = Math.tan(FOV_Y / 2) * FILL, tx = ty * aspect;
    double distance = 0;
    for (int f = 0; f < s.frameCount(); f++) {
      double[][] basis = cameraBasis(s.angle(f), s.cameraHeight());
      double[] dir = basis[0], right = basis[1], up = basis[2];
      for (int i = 0; i < pts.length; i += 3) {
        double px = pts[i], py = pts[i + 1], pz = pts[i + 2];
        double along = px * dir[0] + py * dir[1] + pz * dir[2];
        double x = Math.abs(px * right[0] + py * right[1] + pz * right[2]);
        double y = Math.abs(px * up[0] + py * up[1] + pz * up[2]);
        distance = Math.max(distance, along + Math.max(x / tx, y / ty));
      }
    }
    return distance;
  }

  /** {direction from target to camera, camera right, camera up} for an orbit angle in degrees. */
  public static double[][] cameraBasis(double angleDeg, double height) {
    double theta = Math.toRadians(angleDeg), phi = Math.atan(height);
    double[] dir = {Math.sin(theta) * Math.cos(phi), Math.sin(phi), Math.cos(theta) * Math.cos(phi)};
    double[] f = {-dir[0], -dir[1], -dir[2]};
    double[] upRef = Math.abs(dir[1]) > 0.999 ? new double[] {0, 0, -1} : new double[] {0, 1, 0};
    double[] right = norm(cross(f, upRef));
    double[] up = cross(right, f);
    return new double[][] {dir, right, up};
  }

  /** The farthest corner of the box from {@code c}. */
  private static double dist(double[] c, double[] min, double[] max) {
    double sum = 0;
    for (int a = 0; a < 3; a++) sum += sq(Math.max(Math.abs(min[a] - c[a]), Math.abs(max[a] - c[a])));
    return Math.sqrt(sum);
  }

  /**
   * Up to MAX_SAMPLES vertices (strided) inside the framed box, relative to the centre and scaled, plus each mesh's
   * extremes inside it.
   */
  private static double[] samples(ModelData model, MainMass framed, long vertices, double[] c, double scale) {
    long stride = Math.max(1, vertices / MAX_SAMPLES);
    double[] out = new double[(int) (3 * (vertices / stride + 2 * 3 * model.meshes().size() + 3))];
    int n = 0;
    long k = 0;
    for (ModelData.Mesh m : model.meshes()) {
      float[] p = m.positions();
      int[] ext = {-1, -1, -1, -1, -1, -1};
      for (int i = 0; i < p.length; i += 3) {
        if (!framed.contains(p[i], p[i + 1], p[i + 2])) continue;
        for (int a = 0; a < 3; a++) {
          if (ext[2 * a] < 0 || p[i + a] < p[ext[2 * a] + a]) ext[2 * a] = i;
          if (ext[2 * a + 1] < 0 || p[i + a] > p[ext[2 * a + 1] + a]) ext[2 * a + 1] = i;
        }
        if (k++ % stride == 0 && n + 3 <= out.length) n = put(out, n, p, i, c, scale);
      }
      for (int e : ext) if (e >= 0 && n + 3 <= out.length) n = put(out, n, p, e, c, scale);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int put(double[] out, int n, float[] p, int i, double[] c, double scale) {
    out[n] = (p[i] - c[0]) * scale;
    out[n + 1] = (p[i + 1] - c[1]) * scale;
    out[n + 2] = (p[i + 2] - c[2]) * scale;
    return n + 3;
  }

  private static double sq(double v) { return v * v; }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double[] norm(double[] a) {
    double l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    return new double[] {a[0] / l, a[1] / l, a[2] / l};
  }
}
