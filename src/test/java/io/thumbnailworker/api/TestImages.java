package io.thumbnailworker.api;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small real images for upload tests (WebP through webp-imageio, PNG/JPEG through ImageIO). */
final class TestImages {
  private TestImages() {}

  static BufferedImage picture(int w, int h, Color color) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xf0f0f0));
    g.fillRect(0, 0, w, h);
    g.setColor(color);
    g.fillOval(w / 6, h / 6, w * 2 / 3, h * 2 / 3);
    g.dispose();
    return img;
  }

  static byte[] encode(BufferedImage img, String mime) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByMIMEType(mime).next();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(img, null, null), writer.getDefaultWriteParam());
      } finally {
        writer.dispose();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] webp(int size, Color c) { return encode(picture(size, size, c), "image/webp"); }
  static byte[] png(int size, Color c) { return encode(picture(size, size, c), "image/png"); }
  static byte[] jpeg(int size, Color c) { return encode(picture(size, size, c), "image/jpeg"); }
}
