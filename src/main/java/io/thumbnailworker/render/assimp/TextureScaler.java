package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;

/**
 * Scales decoded images (A,B,G,R bytes) channel by channel, each channel on its own: colour is kept where alpha is 0,
 * which Java2D's interpolating scaling does not do (it works on premultiplied colour), and a packed image's alpha
 * channel is often data (smoothness, height) rather than coverage. Shrinking averages each output pixel's footprint
 * (a box filter, so detail is not skipped over); enlarging interpolates linearly.
 */
public final class TextureScaler {
  private TextureScaler() {}

  /** The image at {@code w} x {@code h}; itself when it already has that size. */
  public static ModelData.Texture scale(ModelData.Texture t, int w, int h) {
    if (t.width() == w && t.height() == h) return t;
    int sw = t.width(), sh = t.height();
    byte[] rows = axis(t.abgr(), sh, sw, 4 * sw, 4, w, 4 * w, 4, new byte[4 * w * sh]);
    byte[] out = axis(rows, w, sh, 4, 4 * w, h, 4, 4 * w, new byte[4 * w * h]);
    return new ModelData.Texture(w, h, out);
  }

  /**
   * Resamples {@code lines} lines of {@code len} pixels each to {@code outLen} pixels: pixel {@code i} of line
   * {@code l} is at byte {@code l * lineStep + i * pixStep} in {@code in}, and likewise in {@code out}.
   */
  private static byte[] axis(byte[] in, int lines, int len, int lineStep, int pixStep, int outLen, int outLineStep,
                             int outPixStep, byte[] out) {
    double ratio = (double) len / outLen;
    for (int o = 0; o < outLen; o++) {
      int a, b;
      double f = 0;
      if (ratio >= 1) {
        a = Math.min(len - 1, (int) (o * ratio));
        b = Math.max(a + 1, Math.min(len, (int) ((o + 1) * ratio)));
      } else {
        double s = Math.max(0, Math.min(len - 1, (o + 0.5) * ratio - 0.5));
        a = (int) s;
        f = s - a;
        b = Math.min(len - 1, a + 1);
      }
      for (int l = 0; l < lines; l++) {
        int src = l * lineStep, dst = l * outLineStep + o * outPixStep;
        for (int c = 0; c < 4; c++) {
          out[dst + c] = ratio >= 1 ? average(in, src + c, pixStep, a, b)
              : (byte) Math.round((in[src + a * pixStep + c] & 255) * (1 - f) + (in[src + b * pixStep + c] & 255) * f);
        }
      }
    }
    return out;
  }

  private static byte average(byte[] in, int base, int step, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) sum += in[base + i * step] & 255;
    int n = to - from;
    return (byte) ((sum + n / 2) / n);
  }
}
