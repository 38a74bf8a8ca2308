package io.thumbnailworker.sound;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Modelibr's waveform (modelibr-assets §3.2): {@value #BARS} peaks of a mono 8 kHz signal, each the largest |x| of its
 * bucket over 32768 (no normalisation to the loudest; the last {@code n mod 200} samples ignored; all 0 under 200
 * samples), drawn as an 800×150 RGBA PNG: the canvas rgba(0,0,0,0.05), one opaque {@code #3b82f6} bar per peak, pitch
 * 4, width 3, bar i at x = 4i, half-height h = peak·75·0.9 about y = 75, anti-aliased, deflate level 9.
 */
public final class Waveform {
  public static final int BARS = 200;
  public static final int WIDTH = 800;
  public static final int HEIGHT = 150;
  public static final Color BAR = new Color(0x3b, 0x82, 0xf6);
  public static final Color CANVAS = new Color(0, 0, 0, 13);
  private static final int PITCH = Math.max(2, WIDTH / BARS);
  private static final int BAR_WIDTH = PITCH - 1;

  private Waveform() {}

  public static float[] peaks(short[] samples, int n) {
    float[] peaks = new float[BARS];
    int s = n / BARS;
    for (int i = 0; i < BARS && s > 0; i++) {
      int max = 0;
      for (int k = i * s; k < i * s + s; k++) max = Math.max(max, Math.abs(samples[k]));
      peaks[i] = max / 32768f;
    }
    return peaks;
  }

  public static BufferedImage image(float[] peaks) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(CANVAS);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(BAR);
      double mid = HEIGHT / 2.0;
      for (int i = 0; i < peaks.length; i++) {
        double h = peaks[i] * mid * 0.9;
        if (h > 0) g.fill(new Rectangle2D.Double(i * PITCH, mid - h, BAR_WIDTH, 2 * h));
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes {@code img} as a PNG at the strongest compression; answers its size in bytes. */
  public static long writePng(BufferedImage img, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (var stream = Files.newOutputStream(file); ImageOutputStream out = ImageIO.createImageOutputStream(stream)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f);
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return Files.size(file);
  }
}
