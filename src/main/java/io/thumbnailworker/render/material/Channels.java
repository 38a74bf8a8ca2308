package io.thumbnailworker.render.material;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.TextureScaler;

import java.util.Arrays;

/**
 * Single channels of decoded images (4 bytes per pixel, A,B,G,R), and images put together from them: a grey colour
 * map from one channel, and the packed surface image (R occlusion, G roughness, B metalness, A opacity).
 */
public final class Channels {
  /** One channel of an image, inverted or not (glossiness is roughness upside down). */
  public record Plane(ModelData.Texture image, int offset, boolean invert) {}

  /** linear 0..255 to sRGB-encoded 0..255: the renderer decodes colour maps as sRGB, a channel holds linear values */
  private static final byte[] LINEAR_TO_SRGB = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      double v = i / 255.0;
      double s = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
      LINEAR_TO_SRGB[i] = (byte) Math.round(s * 255);
    }
  }

  private Channels() {}

  /** Byte offset of channel {@code R}, {@code G}, {@code B} or {@code A} within a pixel. */
  public static int offset(String channel) {
    return switch (channel) {
      case "A" -> 0;
      case "B" -> 1;
      case "G" -> 2;
      case "R" -> 3;
      default -> throw new IllegalArgumentException("not a single channel: " + channel);
    };
  }

  /** An opaque grey image of one channel, whose values are linear: stored sRGB-encoded, as colour maps are read. */
  static ModelData.Texture grey(ModelData.Texture src, int offset) {
    byte[] in = src.abgr(), out = new byte[in.length];
    for (int i = 0; i < in.length; i += 4) {
      byte v = LINEAR_TO_SRGB[in[i + offset] & 255];
      out[i] = (byte) 255;
      out[i + 1] = v;
      out[i + 2] = v;
      out[i + 3] = v;
    }
    return new ModelData.Texture(src.width(), src.height(), out);
  }

  /**
   * Packs one plane per channel, R, G, B, A in that order (null for a channel at 255), at the size of the largest
   * image; smaller images are scaled up to it.
   */
  public static ModelData.Texture pack(Plane... planes) {
    int w = 1, h = 1;
    for (Plane p : planes) {
      if (p == null) continue;
      w = Math.max(w, p.image.width());
      h = Math.max(h, p.image.height());
    }
    byte[] out = new byte[w * h * 4];
    Arrays.fill(out, (byte) 255);
    for (int c = 0; c < 4; c++) {
      Plane p = planes[c];
      if (p == null) continue;
      byte[] in = TextureScaler.scale(p.image, w, h).abgr();
      int to = 3 - c, from = p.offset;
      int flip = p.invert ? 255 : 0;
      for (int i = 0; i < out.length; i += 4) out[i + to] = (byte) (flip ^ (in[i + from] & 255));
    }
    return new ModelData.Texture(w, h, out);
  }

}
