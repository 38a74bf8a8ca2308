package io.thumbnailworker.render.envmap;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Turns a decoder's pixels (floats, or 8-bit sRGB bytes; 1 to 4 channels, interleaved, rows top-down) into linear RGB
 * floats, box-filtered down by a whole factor. A thumbnail samples a few hundred pixels across the whole panorama, so
 * an 8K or 16K source is reduced here, once, rather than uploaded in full. Values are kept finite and within what a
 * half-float texture holds (NaN and negatives become 0).
 */
final class Reduce {
  private static final float HALF_MAX = 65504f;
  private static final float[] SRGB_TO_LINEAR = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      SRGB_TO_LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
  }

  private interface Source {
    float get(int index);
  }

  private Reduce() {}

  /** The whole factor that brings {@code width} to at most {@code maxWidth}. */
  static int factor(int width, int maxWidth) {
    return Math.max(1, (width + maxWidth - 1) / maxWidth);
  }

  static Panorama.Image floats(FloatBuffer px, int w, int h, int channels, int maxWidth) {
    return reduce(px::get, w, h, channels, factor(w, maxWidth), true);
  }

  static Panorama.Image srgb(ByteBuffer px, int w, int h, int channels, int maxWidth) {
    return reduce(i -> SRGB_TO_LINEAR[px.get(i) & 0xff], w, h, channels, factor(w, maxWidth), false);
  }

  /** 8-bit sRGB pixels as 0xAARRGGBB ints (what ImageIO hands out). */
  static Panorama.Image srgb(int[] argb, int w, int h, int maxWidth) {
    return reduce(i -> SRGB_TO_LINEAR[(argb[i / 3] >> (16 - 8 * (i % 3))) & 0xff], w, h, 3, factor(w, maxWidth), false);
  }

  private static Panorama.Image reduce(Source src, int w, int h, int channels, int f, boolean hdr) {
    int ow = Math.max(1, w / f), oh = Math.max(1, h / f);
    float[] out = new float[3 * ow * oh];
    float norm = 1f / (f * f);
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        float r = 0, g = 0, b = 0;
        for (int y = oy * f; y < Math.min(h, oy * f + f); y++) {
          int row = (y * w + ox * f) * channels;
          for (int x = 0; x < f && ox * f + x < w; x++) {
            int i = row + x * channels;
            float cr = src.get(i);
            r += cr;
            g += channels >= 3 ? src.get(i + 1) : cr;
            b += channels >= 3 ? src.get(i + 2) : cr;
          }
        }
        int o = 3 * (oy * ow + ox);
        out[o] = clean(r * norm);
        out[o + 1] = clean(g * norm);
        out[o + 2] = clean(b * norm);
      }
    }
    return new Panorama.Image(ow, oh, out, hdr, w, h);
  }

  private static float clean(float v) {
    return v > 0 ? Math.min(v, HALF_MAX) : 0f;   // NaN fails v > 0 too
  }
}
