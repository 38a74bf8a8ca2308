package io.thumbnailworker.jobs;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes what the API serves as a thumbnail: an animated WebP (RIFF/VP8X/ANIM/ANMF…) whose frames are re-wrapped as
 * stills and decoded with webp-imageio (which cannot decode animations itself), or a still WebP/JPEG via ImageIO.
 */
final class WebpCheck {
  record Decoded(int width, int height, int frames, BufferedImage first) {}

  private WebpCheck() {}

  static Decoded decode(byte[] b) throws IOException {
    if (b.length < 12 || !cc(b, 0).equals("RIFF") || !cc(b, 8).equals("WEBP")) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(b));
      if (img == null) throw new IOException("not a decodable image");
      return new Decoded(img.getWidth(), img.getHeight(), 1, img);
    }
    ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (in.getInt(4) != b.length - 8) throw new IOException("RIFF size does not match the file size");
    if (!cc(b, 12).equals("VP8X")) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(b));
      if (img == null) throw new IOException("still WebP did not decode");
      return new Decoded(img.getWidth(), img.getHeight(), 1, img);
    }
    int w = u24(b, 24) + 1, h = u24(b, 27) + 1;
    int frames = 0;
    BufferedImage first = null;
    for (int pos = 30; pos + 8 <= b.length; ) {
      String cc = cc(b, pos);
      int size = in.getInt(pos + 4);
      if (size < 0 || pos + 8 + size > b.length) throw new IOException("chunk " + cc + " overruns the file");
      if (cc.equals("ANMF")) {
        BufferedImage img = still(b, pos + 8 + 16, pos + 8 + size, u24(b, pos + 14) + 1, u24(b, pos + 17) + 1);
        if (first == null) first = img;
        frames++;
      }
      pos += 8 + size + (size & 1);
    }
    if (frames == 0) throw new IOException("animated WebP without frames");
    return new Decoded(w, h, frames, first);
  }

  private static BufferedImage still(byte[] b, int from, int to, int w, int h) throws IOException {
    boolean alph = cc(b, from).equals("ALPH");
    ByteBuffer head = ByteBuffer.allocate(alph ? 30 : 12).order(ByteOrder.LITTLE_ENDIAN);
    head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + (alph ? 18 : 0) + (to - from))
        .put("WEBP".getBytes(StandardCharsets.US_ASCII));
    if (alph) {
      head.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x10).put(new byte[3]);
      head.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
      head.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.array());
    out.write(b, from, to - from);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    if (img == null) throw new IOException("an animation frame did not decode");
    return img;
  }

  private static String cc(byte[] b, int pos) { return new String(b, pos, 4, StandardCharsets.US_ASCII); }

  private static int u24(byte[] b, int p) { return (b[p] & 255) | (b[p + 1] & 255) << 8 | (b[p + 2] & 255) << 16; }
}
