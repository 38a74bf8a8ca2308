package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * Decodes texture files (PNG, JPEG, GIF, BMP, WebP through ImageIO; TGA by hand, since ImageIO has no TGA reader) into
 * the byte layout the renderer uploads as is: 4 bytes per pixel in A,B,G,R order, rows top-down. Images are scaled
 * down to {@link #MAX_SIZE} on their longer side (a 256-pixel thumbnail gains nothing from more), and the header
 * size is checked before decoding so a small file claiming 100,000 x 100,000 pixels is refused, not decoded. Runs in
 * the importer process: images are untrusted input, like the models that carry them.
 */
public final class TextureDecoder {
  public static final int MAX_SIZE = 1024;
  static final long MAX_SOURCE_PIXELS = 16384L * 16384L;

  private TextureDecoder() {}

  /**
   * @param hint a file name whose extension says what the bytes are where they do not (TGA)
   * @throws IOException when the bytes are no image this can read, or one too large
   */
  public static ModelData.Texture decode(byte[] bytes, String hint) throws IOException {
    BufferedImage img;
    if (isTga(bytes, hint)) {
      img = Tga.read(bytes);
    } else {
      img = readWithImageIO(bytes);
    }
    return toTexture(img);
  }

  /** The image in the renderer's byte layout, scaled down to at most {@link #MAX_SIZE} on its longer side. */
  public static ModelData.Texture toTexture(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight();
    double scale = Math.min(1.0, (double) MAX_SIZE / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale)), th = Math.max(1, (int) Math.round(h * scale));
    if (scale < 1 && img.getColorModel().hasAlpha()) {
      // Java2D would scale premultiplied colour, losing it where alpha is 0 (a packed map's alpha is often data)
      return TextureScaler.scale(abgr(img, w, h), tw, th);
    }
    return abgr(img, tw, th);
  }

  /** The image drawn at {@code tw} x {@code th} (unscaled, this copies every channel as it is). */
  private static ModelData.Texture abgr(BufferedImage img, int tw, int th) {
    BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_4BYTE_ABGR);
    Graphics2D g = out.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, tw, th, null);
    } finally {
      g.dispose();
    }
    byte[] abgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    return new ModelData.Texture(tw, th, abgr);
  }

  private static BufferedImage readWithImageIO(byte[] bytes) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new IOException("unknown image format");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_SOURCE_PIXELS) throw new IOException("image is " + reader.getWidth(0) + "x" + reader.getHeight(0) + ", too large");
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
  }

  private static boolean isTga(byte[] b, String hint) {
    String h = hint == null ? "" : hint.toLowerCase(Locale.ROOT);
    if (h.endsWith("tga")) return true;
    // no magic number; a plausible header (colour map 0/1, image type 1,2,3,9,10,11) with a .tga-less name is rare
    return false;
  }

  /** Minimal Truevision TGA reader: types 1/2/3 (raw) and 9/10/11 (RLE), 8/15/16/24/32 bits. */
  static final class Tga {
    static BufferedImage read(byte[] b) throws IOException {
      if (b.length < 18) throw new IOException("TGA header is truncated");
      int idLen = b[0] & 255, cmapType = b[1] & 255, type = b[2] & 255;
      int cmapLen = u16(b, 5), cmapBits = b[7] & 255;
      int w = u16(b, 12), h = u16(b, 14), bpp = b[16] & 255, desc = b[17] & 255;
      if (w == 0 || h == 0 || (long) w * h > MAX_SOURCE_PIXELS) throw new IOException("TGA size " + w + "x" + h + " is not usable");
      boolean rle = type >= 9;
      int base = type & 7;
      if (base < 1 || base > 3) throw new IOException("TGA image type " + type + " is not supported");
      int pos = 18 + idLen;
      int[] palette = null;
      if (cmapType == 1) {
        int entry = (cmapBits + 7) / 8;
        palette = new int[cmapLen];
        for (int i = 0; i < cmapLen; i++) {
          palette[i] = pixel(b, pos, cmapBits);
          pos += entry;
        }
      }
      int bytesPer = (bpp + 7) / 8;
      int[] argb = new int[w * h];
      int n = 0;
      while (n < argb.length) {
        int count = 1;
        boolean run = false;
        if (rle) {
          if (pos >= b.length) throw new IOException("TGA data is truncated");
          int head = b[pos++] & 255;
          count = (head & 127) + 1;
          run = (head & 128) != 0;
        }
        if (run) {
          int px = value(b, pos, bpp, base, palette);
          pos += bytesPer;
          for (int i = 0; i < count && n < argb.length; i++) argb[n++] = px;
        } else {
          for (int i = 0; i < count && n < argb.length; i++) {
            argb[n++] = value(b, pos, bpp, base, palette);
            pos += bytesPer;
          }
        }
      }
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
      boolean topDown = (desc & 0x20) != 0;
      for (int y = 0; y < h; y++) {
        img.setRGB(0, topDown ? y : h - 1 - y, w, 1, argb, y * w, w);
      }
      return img;
    }

    private static int value(byte[] b, int pos, int bpp, int base, int[] palette) throws IOException {
      if (pos + (bpp + 7) / 8 > b.length) throw new IOException("TGA data is truncated");
      if (base == 1) {
        int idx = bpp == 16 ? u16(b, pos) : b[pos] & 255;
        return palette != null && idx < palette.length ? palette[idx] : 0xff000000;
      }
      if (base == 3) {
        int g = b[pos] & 255;
        return 0xff000000 | g << 16 | g << 8 | g;
      }
      return pixel(b, pos, bpp);
    }

    private static int pixel(byte[] b, int pos, int bits) {
      if (bits == 32) return (b[pos + 3] & 255) << 24 | (b[pos + 2] & 255) << 16 | (b[pos + 1] & 255) << 8 | (b[pos] & 255);
      if (bits == 24) return 0xff000000 | (b[pos + 2] & 255) << 16 | (b[pos + 1] & 255) << 8 | (b[pos] & 255);
      if (bits == 15 || bits == 16) {
        int v = u16(b, pos);
        int r = (v >> 10) & 31, g = (v >> 5) & 31, bl = v & 31;
        return 0xff000000 | (r * 255 / 31) << 16 | (g * 255 / 31) << 8 | (bl * 255 / 31);
      }
      int g = b[pos] & 255;
      return 0xff000000 | g << 16 | g << 8 | g;
    }

    private static int u16(byte[] b, int pos) {
      return (b[pos] & 255) | (b[pos + 1] & 255) << 8;
    }
  }
}
