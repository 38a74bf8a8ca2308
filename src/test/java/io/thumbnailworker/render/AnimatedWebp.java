package io.thumbnailworker.render;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side reader of animated WebP: checks the container (RIFF size, VP8X, ANIM, ANMF) strictly and decodes every
 * frame by re-wrapping its ALPH/VP8/VP8L chunks as a still WebP that webp-imageio can read (it cannot decode
 * animations itself).
 */
public final class AnimatedWebp {
  public final int width, height, loops, flags;
  public final List<Integer> durations = new ArrayList<>();
  public final List<BufferedImage> frames = new ArrayList<>();
  public final boolean alpha;

  private AnimatedWebp(int width, int height, int loops, int flags) {
    this.width = width;
    this.height = height;
    this.loops = loops;
    this.flags = flags;
    this.alpha = (flags & 0x10) != 0;
  }

  public static AnimatedWebp read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  public static AnimatedWebp parse(byte[] b) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    require(b.length >= 12 && cc(b, 0).equals("RIFF") && cc(b, 8).equals("WEBP"), "not a RIFF/WEBP file");
    require(in.getInt(4) == b.length - 8, "RIFF size " + in.getInt(4) + " != file size - 8 (" + (b.length - 8) + ")");
    require(cc(b, 12).equals("VP8X") && in.getInt(16) == 10, "first chunk is not VP8X");
    int flags = b[20] & 255;
    require((flags & 0x02) != 0, "animation flag not set");
    int w = u24(b, 24) + 1, h = u24(b, 27) + 1;
    require(cc(b, 30).equals("ANIM") && in.getInt(34) == 6, "ANIM chunk missing after VP8X");
    AnimatedWebp anim = new AnimatedWebp(w, h, in.getShort(42) & 0xffff, flags);
    int pos = 44;
    while (pos + 8 <= b.length) {
      String cc = cc(b, pos);
      int size = in.getInt(pos + 4);
      require(size >= 0 && pos + 8 + size <= b.length, "chunk " + cc + " overruns the file");
      if (cc.equals("ANMF")) {
        int p = pos + 8;
        require(u24(b, p) == 0 && u24(b, p + 3) == 0, "frame offset is not 0,0");
        int fw = u24(b, p + 6) + 1, fh = u24(b, p + 9) + 1;
        require(fw == w && fh == h, "frame size " + fw + "x" + fh + " differs from canvas " + w + "x" + h);
        anim.durations.add(u24(b, p + 12));
        anim.frames.add(decodeFrame(b, p + 16, pos + 8 + size, fw, fh));
      }
      pos += 8 + size + (size & 1);
    }
    require(pos == b.length, "trailing bytes after the last chunk");
    return anim;
  }

  private static BufferedImage decodeFrame(byte[] b, int from, int to, int w, int h) throws IOException {
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    boolean hasAlph = cc(b, from).equals("ALPH");
    chunks.write(b, from, to - from);
    ByteArrayOutputStream still = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(hasAlph ? 30 : 12).order(ByteOrder.LITTLE_ENDIAN);
    head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + (hasAlph ? 18 : 0) + chunks.size()).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    if (hasAlph) {
      head.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x10).put((byte) 0).put((byte) 0).put((byte) 0);
      head.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
      head.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
    }
    still.writeBytes(head.array());
    still.writeBytes(chunks.toByteArray());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(still.toByteArray()));
    require(img != null, "frame did not decode");
    require(img.getWidth() == w && img.getHeight() == h, "decoded frame has the wrong size");
    return img;
  }

  private static String cc(byte[] b, int pos) {
    return new String(b, pos, 4, StandardCharsets.US_ASCII);
  }

  private static int u24(byte[] b, int p) {
    return (b[p] & 255) | (b[p + 1] & 255) << 8 | (b[p + 2] & 255) << 16;
  }

  private static void require(boolean ok, String why) throws IOException {
    if (!ok) throw new IOException("invalid animated WebP: " + why);
  }

  // ---- image measures used by the tests

  /** Fraction of pixels that differ from the background colour (object coverage). */
  public static double coverage(BufferedImage img, int bgRgb) {
    int n = 0, w = img.getWidth(), h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    for (int p : px) {
      int d = Math.abs(((p >> 16) & 255) - ((bgRgb >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((bgRgb >> 8) & 255)) + Math.abs((p & 255) - (bgRgb & 255));
      if (d > 24) n++;
    }
    return (double) n / px.length;
  }

  /** Mean absolute difference per channel (0..255). */
  public static double meanDiff(BufferedImage a, BufferedImage b) {
    int w = a.getWidth(), h = a.getHeight();
    int[] pa = a.getRGB(0, 0, w, h, null, 0, w), pb = b.getRGB(0, 0, w, h, null, 0, w);
    long sum = 0;
    for (int i = 0; i < pa.length; i++) {
      sum += Math.abs(((pa[i] >> 16) & 255) - ((pb[i] >> 16) & 255)) + Math.abs(((pa[i] >> 8) & 255) - ((pb[i] >> 8) & 255)) + Math.abs((pa[i] & 255) - (pb[i] & 255));
    }
    return sum / (3.0 * pa.length);
  }

  public static double psnr(BufferedImage a, BufferedImage b) {
    int w = a.getWidth(), h = a.getHeight();
    int[] pa = a.getRGB(0, 0, w, h, null, 0, w), pb = b.getRGB(0, 0, w, h, null, 0, w);
    double se = 0;
    for (int i = 0; i < pa.length; i++) {
      for (int s = 0; s <= 16; s += 8) {
        int d = ((pa[i] >> s) & 255) - ((pb[i] >> s) & 255);
        se += d * d;
      }
    }
    double mse = se / (3.0 * pa.length);
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Distinct colours after quantising to 5 bits per channel (so lossy-coding noise does not count). */
  public static int distinctColours(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight();
    java.util.BitSet seen = new java.util.BitSet(1 << 15);
    for (int p : img.getRGB(0, 0, w, h, null, 0, w)) seen.set(((p >> 19) & 31) << 10 | ((p >> 11) & 31) << 5 | ((p >> 3) & 31));
    return seen.cardinality();
  }
}
