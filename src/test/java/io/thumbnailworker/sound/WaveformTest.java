package io.thumbnailworker.sound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Peaks and the PNG of Modelibr's waveform, from a WAV tone burst made here. */
class WaveformTest {
  private static final int BAR = 0xff3b82f6;
  @TempDir Path tmp;

  @Test
  void peaksFollowTheRules() {
    short[] s = new short[2_000];
    s[5] = -16_384;
    s[15] = 32_767;
    float[] p = Waveform.peaks(s, 2_000);
    assertEquals(0.5f, p[0]);
    assertEquals(32_767 / 32768f, p[1]);
    assertEquals(0f, p[2]);
    assertArrayEquals(new float[200], Waveform.peaks(s, 199), "under 200 samples: all 0");
    short[] tail = new short[401];
    tail[400] = 10_000;
    assertArrayEquals(new float[200], Waveform.peaks(tail, 401), "the last n mod 200 samples are ignored");
  }

  @Test
  void pngOfABurst() throws Exception {
    Path wav = tmp.resolve("burst.wav");
    Files.write(wav, TestSounds.burstWav(16_000, 1, 16));
    DecodedSound sound = SoundDecoder.decode(wav, "wav");
    float[] peaks = Waveform.peaks(sound.samples(), sound.length());
    Path png = tmp.resolve("waveform.png");
    long size = Waveform.writePng(Waveform.image(peaks), png);
    assertEquals(Files.size(png), size);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(800, img.getWidth());
    assertEquals(150, img.getHeight());
    assertTrue(img.getColorModel().hasAlpha(), "RGBA");
    assertEquals(0x0d000000, img.getRGB(2, 2), "canvas rgba(0,0,0,0.05)");
    double h = 0.5 * 75 * 0.9;   // ≈ 33.75
    for (int i : new int[] {0, 10, 40, 65, 135, 160, 199}) {
      int x = 4 * i;
      for (int dx = 0; dx < 3; dx++) {
        assertEquals(BAR, img.getRGB(x + dx, 75), "bar " + i + " at x " + (x + dx));
        assertEquals(BAR, img.getRGB(x + dx, (int) (75 - h + 2)), "bar " + i + " near its top");
        assertEquals(BAR, img.getRGB(x + dx, (int) (75 + h - 2)), "bar " + i + " near its bottom");
      }
      assertEquals(0x0d000000, img.getRGB(x + 3, 75), "gap after bar " + i);
      assertEquals(0x0d000000, img.getRGB(x + 1, (int) (75 - h - 3)), "above bar " + i);
    }
    for (int x = 4 * 67; x < 4 * 133; x++) {
      for (int y = 0; y < 150; y++) assertEquals(0x0d000000, img.getRGB(x, y), "no bar in the silent third at " + x + "," + y);
    }
  }
}
