package io.thumbnailworker.samples;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** {@code torus-knot.stl}: a (2,3) torus knot tube as a binary STL (Z-up), untextured and without colour. */
final class TorusKnot {
  private TorusKnot() {}

  static byte[] stl() {
    int segs = 200, sides = 16, p = 2, q = 3;
    double tube = 0.28;
    double[][] ring = new double[segs * sides][];
    for (int i = 0; i < segs; i++) {
      double t = 2 * Math.PI * i / segs;
      double[] c = knot(t, p, q), c2 = knot(t + 1e-3, p, q);
      double[] tan = norm(sub(c2, c));
      double[] bin = norm(cross(tan, norm(c)));
      double[] nor = cross(bin, tan);
      for (int j = 0; j < sides; j++) {
        double a = 2 * Math.PI * j / sides;
        double ca = Math.cos(a) * tube, sa = Math.sin(a) * tube;
        ring[i * sides + j] = new double[] {c[0] + ca * nor[0] + sa * bin[0], c[1] + ca * nor[1] + sa * bin[1], c[2] + ca * nor[2] + sa * bin[2]};
      }
    }
    int tris = segs * sides * 2;
    ByteBuffer b = ByteBuffer.allocate(84 + 50 * tris).order(ByteOrder.LITTLE_ENDIAN);
    byte[] header = "binary STL: thumbnail-worker SampleModels torus knot (2,3)".getBytes(StandardCharsets.US_ASCII);
    b.put(header).position(80);
    b.putInt(tris);
    for (int i = 0; i < segs; i++) {
      for (int j = 0; j < sides; j++) {
        double[] a = ring[i * sides + j], bb = ring[((i + 1) % segs) * sides + j];
        double[] c = ring[((i + 1) % segs) * sides + (j + 1) % sides], d = ring[i * sides + (j + 1) % sides];
        facet(b, a, bb, c);
        facet(b, a, c, d);
      }
    }
    return b.array();
  }

  private static double[] knot(double t, int p, int q) {
    double r = 2 + Math.cos(q * t);
    // z up, as STL files from CAD and 3D printing have it
    return new double[] {r * Math.cos(p * t) * 0.5, -r * Math.sin(p * t) * 0.5, Math.sin(q * t) * 0.5 + 0.15 * Math.cos(t)};
  }

  private static void facet(ByteBuffer b, double[] a, double[] c, double[] d) {
    double[] n = norm(cross(sub(c, a), sub(d, a)));
    for (double v : n) b.putFloat((float) v);
    for (double[] p : new double[][] {a, c, d}) for (double v : p) b.putFloat((float) v);
    b.putShort((short) 0);
  }

  private static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }
  private static double[] norm(double[] a) {
    double l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    return l == 0 ? a : new double[] {a[0] / l, a[1] / l, a[2] / l};
  }
}
