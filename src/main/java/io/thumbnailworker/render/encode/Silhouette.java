package io.thumbnailworker.render.encode;

/**
 * A soft outline just outside a model's silhouette where the model's edge is close in brightness to an opaque
 * background (a light model on the light default background): the background around such an edge is darkened (or, on
 * a dark background, lightened) over two pixels, so the shape reads at thumbnail size. Edge-preserving: the model's
 * own pixels keep their colour, and a partly covered edge pixel changes only in its background share. Edges that
 * already stand out get no outline.
 *
 * <p>Works on a frame drawn over the background colour with alpha left as coverage (the renderer clears alpha to 0),
 * and leaves every pixel opaque.
 */
public final class Silhouette {
  /** How much of the background is taken away (or added) next to an edge of the background's own brightness. */
  static final float STRENGTH = 0.5f;
  /** Edges this far from the background's luma (0-255) or further get no outline. */
  static final float CLOSE = 80f;
  private static final float[] WEIGHTS = {0.7f, 1f, 1f, 1f, 0.7f};   // two pixels wide, softer on the outer one

  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

  private Silhouette() {}

  /** Outlines {@code argb} ({@code w*h} pixels, 0xAARRGGBB) in place against background {@code bgRgb} (0xRRGGBB). */
  public static void outline(int[] argb, int w, int h, int bgRgb) {
    int n = w * h;
    float[][] scratch = SCRATCH.get();
    if (scratch[0].length != n) {
      scratch[0] = new float[n];
      scratch[1] = new float[n];
    }
    float[] near = scratch[0], ring = scratch[1];
    float bgY = luma(bgRgb);
    boolean any = false;
    for (int i = 0; i < n; i++) {
      int p = argb[i];
      float v = p >>> 24 == 255 ? 1f - Math.min(1f, Math.abs(luma(p) - bgY) / CLOSE) : 0f;
      near[i] = v;
      any |= v > 0;
    }
    if (any) {
      dilate(near, ring, w, h, 1, w);   // along rows into ring
      dilate(ring, near, w, h, w, h);   // then along columns back into near
      apply(argb, near, bgRgb, bgY < 128);
    }
    for (int i = 0; i < n; i++) argb[i] |= 0xff000000;
  }

  /** Weighted maximum over +-2 pixels along one axis ({@code step} 1: rows of {@code w}; {@code step} w: columns). */
  private static void dilate(float[] src, float[] dst, int w, int h, int step, int length) {
    int lines = step == 1 ? h : w, stride = step == 1 ? w : 1;
    for (int line = 0; line < lines; line++) {
      int base = line * stride;
      for (int k = 0; k < length; k++) {
        float m = 0;
        for (int d = -2; d <= 2; d++) {
          int j = k + d;
          if (j < 0 || j >= length) continue;
          m = Math.max(m, src[base + j * step] * WEIGHTS[d + 2]);
        }
        dst[base + k * step] = m;
      }
    }
  }

  private static void apply(int[] argb, float[] ring, int bgRgb, boolean lighten) {
    int br = (bgRgb >> 16) & 255, bgG = (bgRgb >> 8) & 255, bb = bgRgb & 255;
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i], a = p >>> 24;
      if (a == 255 || ring[i] == 0) continue;
      float k = ring[i] * STRENGTH * (255 - a) / 255f;
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

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** Rec. 709 luma of the encoded colour, 0-255. */
  static float luma(int rgb) {
    return 0.2126f * ((rgb >> 16) & 255) + 0.7152f * ((rgb >> 8) & 255) + 0.0722f * (rgb & 255);
  }
}
