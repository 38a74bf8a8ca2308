package io.thumbnailworker.render.encode;

import com.luciad.imageio.webp.WebPWriteParam;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Still-image encoders: lossy WebP frames through webp-imageio and the JPEG or PNG poster through the JDK's writers. One
 * writer per call (webp-imageio writers are not meant to be shared between threads).
 */
public final class ImageEncoders {
  /**
   * libwebp "method" (0 fast .. 6 small). Method 2 encodes a render in about half the CPU of libwebp's default 4 for
   * slightly larger files, and encoding is a large part of a job's CPU on llvmpipe, so 2 it is.
   */
  public static final int WEBP_METHOD = Integer.getInteger("thumbnail.webp.method", 2);

  private ImageEncoders() {}

  /**
   * Wraps pixels (0xAARRGGBB, rows top-down) as an INT_RGB or INT_ARGB image without copying them (a copy per frame
   * would be a large share of a job's allocations); alpha is ignored unless {@code alpha}. The array must not change while the
   * image is in use.
   */
  public static BufferedImage image(int[] argb, int width, int height, boolean alpha) {
    int[] masks = alpha ? new int[] {0xff0000, 0xff00, 0xff, 0xff000000} : new int[] {0xff0000, 0xff00, 0xff};
    WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(argb, width * height), width, height, width, masks, null);
    ColorModel cm = alpha ? ColorModel.getRGBdefault() : new DirectColorModel(24, 0xff0000, 0xff00, 0xff);
    return new BufferedImage(cm, raster, false, null) {
      /** webp-imageio reads the pixels through getData(), which copies them all: the encoders only read, so no copy. */
      @Override
      public Raster getData() {
        return getRaster();
      }
    };
  }

  public static byte[] webp(BufferedImage img, int quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType("image/webp");
    if (!writers.hasNext()) throw new IllegalStateException("no WebP ImageIO writer on the classpath (webp-imageio)");
    ImageWriter writer = writers.next();
    try {
      WebPWriteParam p = (WebPWriteParam) writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionType("Lossy");
      p.setCompressionQuality(Math.max(0, Math.min(100, quality)) / 100f);
      p.setMethod(WEBP_METHOD);
      return write(writer, img, p, 16 * 1024);   // room for a 256x256 frame
    } finally {
      writer.dispose();
    }
  }

  public static byte[] jpeg(BufferedImage rgb, int quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
      return write(writer, rgb, p, 64 * 1024);
    } finally {
      writer.dispose();
    }
  }

  /** A PNG of the image, with its alpha channel when it has one. */
  public static byte[] png(BufferedImage img) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try {
      return write(writer, img, writer.getDefaultWriteParam(), 64 * 1024);
    } finally {
      writer.dispose();
    }
  }

  private static byte[] write(ImageWriter writer, BufferedImage img, ImageWriteParam p, int expectedBytes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedBytes);
    // in memory: ImageIO's default stream for an OutputStream caches through a temporary file
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Turns premultiplied colour into straight colour, in place. A GL frame over a transparent background holds colour
   * multiplied by coverage (the anti-aliasing resolve averages the object with the empty background, and blending
   * multiplies by alpha), while WebP and PNG store colour and alpha apart: left as it is, every partly covered pixel
   * would come out too dark. Opaque and empty pixels are left alone.
   */
  public static void unpremultiply(int[] argb) {
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i], a = p >>> 24;
      if (a == 255 || a == 0) continue;
      int r = Math.min(255, (((p >> 16) & 255) * 255 + a / 2) / a);
      int g = Math.min(255, (((p >> 8) & 255) * 255 + a / 2) / a);
      int b = Math.min(255, ((p & 255) * 255 + a / 2) / a);
      argb[i] = a << 24 | r << 16 | g << 8 | b;
    }
  }

  /** Composites a frame (straight alpha) over an opaque colour (for the JPEG poster of a transparent render). */
  public static int[] flatten(int[] argb, int rgb) {
    int[] out = new int[argb.length];
    int br = (rgb >> 16) & 255, bgc = (rgb >> 8) & 255, bb = rgb & 255;
    for (int i = 0; i < argb.length; i++) {   // poster only: one frame per job, not the hot path
      int p = argb[i], a = p >>> 24;
      if (a == 255) {
        out[i] = p;
        continue;
      }
      int r = (((p >> 16) & 255) * a + br * (255 - a) + 127) / 255;
      int g = (((p >> 8) & 255) * a + bgc * (255 - a) + 127) / 255;
      int b = ((p & 255) * a + bb * (255 - a) + 127) / 255;
      out[i] = 0xff000000 | r << 16 | g << 8 | b;
    }
    return out;
  }
}
