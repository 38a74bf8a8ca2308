package io.thumbnailworker.render.shapes;

/**
 * The preview's 28-frame swing (modelibr-assets §1.3): the shape turns from one pose to another over 15 frames and
 * back over 13, so the loop has no repeated frame at either end, while the camera stays on the +Z axis. A plane swings
 * less (azimuth -15° to +15°, elevation +10° to -10°) and is seen from closer (3.5) than the other shapes (azimuth -45°
 * to +30°, elevation +30° to -20°, distance 5).
 */
public final class Swing {
  public static final int FRAMES = 28;
  /** Each frame's time in the animation: 200 ms, 5 frames a second. */
  public static final int FRAME_MS = 200;
  private static final int HALF = 14;

  private Swing() {}

  /** {@code [azimuth, elevation]} in degrees of frame {@code i} (0 to 27). */
  public static double[] pose(String geometry, int i) {
    boolean plane = PreviewShapes.normalise(geometry).equals("plane");
    int step = i <= HALF ? i : 2 * HALF - i;
    double t = (double) step / HALF;
    double az0 = plane ? -15 : -45, az1 = plane ? 15 : 30, el0 = plane ? 10 : 30, el1 = plane ? -10 : -20;
    return new double[] {az0 + (az1 - az0) * t, el0 + (el1 - el0) * t};
  }

  /** The camera's distance from the shape's centre. */
  public static double distance(String geometry) {
    return PreviewShapes.normalise(geometry).equals("plane") ? 3.5 : 5.0;
  }
}
