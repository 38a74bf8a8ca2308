package io.thumbnailworker.render.encode;

/**
 * An outline just outside a model's silhouette where the model's edge is close in brightness to an opaque background
 * (a light model on the light default background): the background next to such an edge is darkened (on a dark
 * background, lightened) to {@link #TARGET} grey levels beyond the edge's own luma, over two pixels and a softer third,
 * so the shape reads at thumbnail size. Edge-preserving: the model's own pixels keep their colour, and a partly covered
 * edge pixel changes only in its background share. Edges that already differ from the background by
 * {@link #MARGIN} or more get no outline: a ring part way between them and the background would only lower their
 * contrast.
 *
 * <p>Works on a frame drawn over the background colour with alpha left as coverage (the renderer clears alpha to 0),
 * and leaves every pixel opaque.
 */
public final class Silhouette {
  /** Edges within this many grey levels of the background's luma (or beyond it, away from the ring) are outlined. */
  static final float MARGIN = 40f;
  /** The ring's luma is this far from the edge's. */
  static final float TARGET = 80f;
  /** Pixels at least this opaque are the model's (a little see-through still counts). */
  static final int COVERED = 224;
  private static final float[] WEIGHTS = {0.5f, 1f, 1f, 1f, 1f, 1f, 0.5f};   // two pixels, then a softer third
  private static final int RADIUS = WEIGHTS.length / 2;

  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  private Silhouette() {}

  /** Outlines {@code argb} ({@code w*h} pixels, 0xAARRGGBB) in place against background {@code bgRgb} (0xRRGGBB). */
  public static void outline(int[] argb, int w, int h, int bgRgb) {
    int[] box = coveredBox(argb, w, h);
    if (box != null) ring(argb, w, h, bgRgb, box);
    for (int i = 0, n = w * h; i < n; i++) argb[i] |= 0xff000000;
  }

  /**
   * The ring around the covered box {x0, y0, x1, y1}: only covered pixels on the silhouette are looked at closely, and
   * the ring's buffer is cleared and applied only around the box, since a frame is mostly flat background.
   */
  private static void ring(int[] argb, int w, int h, int bgRgb, int[] box) {
    float bgY = luma(bgRgb);
    boolean lighten = bgY < 128;
    int rx0 = Math.max(0, box[0] - RADIUS), ry0 = Math.max(0, box[1] - RADIUS);
    int rx1 = Math.min(w - 1, box[2] + RADIUS), ry1 = Math.min(h - 1, box[3] + RADIUS);
    float[] ring = null;
    for (int y = box[1]; y <= box[3]; y++) {
      for (int x = box[0], i = y * w + x; x <= box[2]; x++, i++) {
        int p = argb[i];
        if (p >>> 24 < COVERED || !onEdge(argb, x, y, w, h)) continue;
        float l = luma(p), d = 0;
        // how far the ring goes from the background towards black (or white), as a share of the way
        if (!lighten && l > bgY - MARGIN) d = (bgY - Math.max(0f, l - TARGET)) / bgY;
        else if (lighten && l < bgY + MARGIN) d = (Math.min(255f, l + TARGET) - bgY) / (255f - bgY);
        if (d <= 0) continue;
        if (ring == null) ring = scratch(w * h, w, rx0, ry0, rx1, ry1);
        splat(ring, Math.min(1f, d), x, y, w, h);
      }
    }
    if (ring != null) apply(argb, ring, w, bgRgb, lighten, rx0, ry0, rx1, ry1);
  }

  /** The smallest box {x0, y0, x1, y1} holding every covered pixel, or null when none is. */
  private static int[] coveredBox(int[] argb, int w, int h) {
    int x0 = w, y0 = -1, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
      // from each end of the row to its first covered pixel: the rows through the model are not read in full
      int row = y * w, first = 0, last = w - 1;
      while (first < w && argb[row + first] >>> 24 < COVERED) first++;
      if (first == w) continue;
      while (argb[row + last] >>> 24 < COVERED) last--;
      if (y0 < 0) y0 = y;
      y1 = y;
      x0 = Math.min(x0, first);
      x1 = Math.max(x1, last);
    }
    return y0 < 0 ? null : new int[] {x0, y0, x1, y1};
  }

  /** This thread's ring buffer of {@code n} values, zero inside the box (the rest is never read). */
  private static float[] scratch(int n, int w, int x0, int y0, int x1, int y1) {
    float[] ring = SCRATCH.get();
    if (ring.length < n) SCRATCH.set(ring = new float[n]);
    for (int y = y0; y <= y1; y++) java.util.Arrays.fill(ring, y * w + x0, y * w + x1 + 1, 0f);
    return ring;
  }

  /** Whether a 4-neighbour of (x, y) is not covered. */
  private static boolean onEdge(int[] argb, int x, int y, int w, int h) {
    int i = y * w + x;
    return (x > 0 && argb[i - 1] >>> 24 < COVERED) || (x < w - 1 && argb[i + 1] >>> 24 < COVERED)
        || (y > 0 && argb[i - w] >>> 24 < COVERED) || (y < h - 1 && argb[i + w] >>> 24 < COVERED);
  }

  /** The ring around (x, y): {@code d} weighted by distance along each axis, kept where it is the largest. */
  private static void splat(float[] ring, float d, int x, int y, int w, int h) {
    for (int dy = -RADIUS; dy <= RADIUS; dy++) {
      int yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      float wy = d * WEIGHTS[dy + RADIUS];
      for (int dx = -RADIUS; dx <= RADIUS; dx++) {
        int xx = x + dx;
        if (xx < 0 || xx >= w) continue;
        int j = yy * w + xx;
        ring[j] = Math.max(ring[j], wy * WEIGHTS[dx + RADIUS]);
      }
    }
  }

  private static void apply(int[] argb, float[] ring, int w, int bgRgb, boolean lighten, int x0, int y0, int x1, int y1) {
    int br = (bgRgb >> 16) & 255, bgG = (bgRgb >> 8) & 255, bb = bgRgb & 255;
    for (int y = y0; y <= y1; y++) {
      for (int i = y * w + x0, end = y * w + x1; i <= end; i++) {
        int p = argb[i], a = p >>> 24;
        if (a == 255 || ring[i] == 0) continue;
        float k = ring[i] * (255 - a) / 255f;   // only the background's share of the pixel changes
        int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
        if (lighten) {
          r += Math.round((255 - br) * k);
          g += Math.round((255 - bgG) * k);
          b += Math.round((255 - bb) * k);
        } else {
          r -= Math.round(br * k);
          g -= Math.round(bgG * k);
          b -= Math.round(bb * k);
        }
        argb[i] = a << 24 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** Rec. 709 luma of the encoded colour, 0-255. */
  static float luma(int rgb) {
    return 0.2126f * ((rgb >> 16) & 255) + 0.7152f * ((rgb >> 8) & 255) + 0.0722f * (rgb & 255);
  }
}
