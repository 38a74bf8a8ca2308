package io.thumbnailworker.render.gl;

/** The few column-major 4x4 matrix operations the renderer needs, on plain float[16]. */
final class Mat4 {
  private Mat4() {}

  static float[] perspective(double fovY, double aspect, double near, double far) {
    float f = (float) (1.0 / Math.tan(fovY / 2));
    float[] m = new float[16];
    m[0] = (float) (f / aspect);
    m[5] = f;
    m[10] = (float) ((far + near) / (near - far));
    m[11] = -1;
    m[14] = (float) (2 * far * near / (near - far));
    return m;
  }

  /** View matrix of a camera at {@code eye} looking at {@code target} with +Y up. */
  static float[] lookAt(double[] eye, double[] target) {
    double[] f = normalize(sub(target, eye));
    double[] up = Math.abs(f[1]) > 0.999 ? new double[] {0, 0, -1} : new double[] {0, 1, 0};
    double[] s = normalize(cross(f, up));
    double[] u = cross(s, f);
    float[] m = new float[16];
    m[0] = (float) s[0]; m[4] = (float) s[1]; m[8] = (float) s[2];
    m[1] = (float) u[0]; m[5] = (float) u[1]; m[9] = (float) u[2];
    m[2] = (float) -f[0]; m[6] = (float) -f[1]; m[10] = (float) -f[2];
    m[12] = (float) -dot(s, eye);
    m[13] = (float) -dot(u, eye);
    m[14] = (float) dot(f, eye);
    m[15] = 1;
    return m;
  }

  /** Uniform scale about the origin after a translation: p' = scale * (p + offset). */
  static float[] scaleTranslate(double scale, double[] offset) {
    float[] m = new float[16];
    m[0] = m[5] = m[10] = (float) scale;
    m[12] = (float) (scale * offset[0]);
    m[13] = (float) (scale * offset[1]);
    m[14] = (float) (scale * offset[2]);
    m[15] = 1;
    return m;
  }

  static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
  static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }
  static double[] normalize(double[] a) {
    double l = Math.sqrt(dot(a, a));
    return l == 0 ? new double[] {0, 0, 1} : new double[] {a[0] / l, a[1] / l, a[2] / l};
  }
}
