package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

/**
 * Which side of a model the thumbnail shows. Straight on from +Z, a model often shows its back or a flat profile,
 * so the orbit starts at a three-quarter view instead: of the four diagonals between the model's axes, the one
 * that faces the most triangles, since the front of a character, an animal or a vehicle usually carries the most
 * detail (faces, eyes, lights). Near ties go to the front-right of a model facing +Z, glTF's forward. The poster is
 * the orbit frame nearest that view. An explicit start angle ({@code ORBIT_START_ANGLE}) or poster frame
 * ({@code POSTER_FRAME} of 0 or more) is kept as it is.
 */
public final class ThreeQuarterView {
  /** Azimuths in degrees (camera at +X+Z first), in the order near ties are settled. */
  private static final double[] DIAGONALS = {45, 315, 135, 225};
  private static final double TIE = 0.03;
  private static final int MAX_TRIANGLES = 65_536;

  private ThreeQuarterView() {}

  /** The settings the job is drawn with: the orbit turned to the model's three-quarter view, the poster chosen. */
  public static RenderSettings apply(ModelData model, RenderSettings s) {
    boolean autoPoster = s.posterFrame() < 0;
    if (!s.autoView() && !autoPoster) return s;
    double azimuth = azimuth(model, s.cameraHeight());
    RenderSettings turned = s.withView(s.autoView() ? azimuth : 0, s.posterFrame());
    return autoPoster ? turned.withView(0, nearestFrame(turned, azimuth)) : turned;
  }

  /** The diagonal that faces the most triangles (by their vertex normals), seen from the camera's elevation. */
  static double azimuth(ModelData model, double cameraHeight) {
    long total = model.triangleCount();
    long stride = Math.max(1, total / MAX_TRIANGLES);
    double phi = Math.atan(cameraHeight);
    long[] facing = new long[DIAGONALS.length];
    double[][] dirs = new double[DIAGONALS.length][];
    for (int d = 0; d < DIAGONALS.length; d++) {
      double theta = Math.toRadians(DIAGONALS[d]);
      dirs[d] = new double[] {Math.sin(theta) * Math.cos(phi), Math.sin(phi), Math.cos(theta) * Math.cos(phi)};
    }
    long k = 0;
    for (ModelData.Mesh m : model.meshes()) {
      float[] n = m.normals();
      int[] idx = m.indices();
      for (int t = 0; t + 2 < idx.length; t += 3) {
        if (k++ % stride != 0) continue;
        int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
        double x = n[a] + n[b] + n[c], y = n[a + 1] + n[b + 1] + n[c + 1], z = n[a + 2] + n[b + 2] + n[c + 2];
        double len = Math.sqrt(x * x + y * y + z * z);
        if (len == 0) continue;
        for (int d = 0; d < dirs.length; d++) {
          if (x * dirs[d][0] + y * dirs[d][1] + z * dirs[d][2] > 0.25 * len) facing[d]++;
        }
      }
    }
    int best = 0;
    for (int d = 1; d < facing.length; d++) if (facing[d] > facing[best] * (1 + TIE)) best = d;
    return DIAGONALS[best];
  }

  /** The orbit frame whose angle is nearest {@code azimuth} (degrees, modulo a full turn). */
  static int nearestFrame(RenderSettings s, double azimuth) {
    int best = 0;
    double bestGap = Double.MAX_VALUE;
    for (int f = 0; f < s.frameCount(); f++) {
      double gap = Math.abs(Math.IEEEremainder(s.angle(f) - azimuth, 360));
      if (gap < bestGap - 1e-9) {
        bestGap = gap;
        best = f;
      }
    }
    return best;
  }
}
