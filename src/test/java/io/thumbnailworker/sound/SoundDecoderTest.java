package io.thumbnailworker.sound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each supported format decodes to mono 8 kHz with the source's facts: WAV made here (16-bit mono, 8-bit stereo), and
 * MP3, Ogg Vorbis and FLAC fixtures encoded from the same burst by {@code scripts/make-sound-fixtures.sh} (lame,
 * oggenc, flac). The burst's loud thirds give peaks of about 0.5, its silent third about 0.
 */
class SoundDecoderTest {
  @TempDir Path tmp;

  private Path write(String name, byte[] bytes) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private Path fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/sounds/" + name)) {
      assertNotNull(in, "fixture " + name);
      return write(name, in.readAllBytes());
    }
  }

  /**
   * Loud buckets near 0.5, silent ones near 0; the buckets next to an edge of the silence, and the first and last few
   * (an MP3 encoder's delay and padding), are left out.
   */
  static void assertBurst(float[] peaks, double tolerance, double silence) {
    assertEquals(Waveform.BARS, peaks.length);
    for (int i = 0; i < 200; i++) {
      if (i >= 5 && i <= 60 || i >= 140 && i <= 194) assertEquals(0.5, peaks[i], tolerance, "loud bucket " + i);
      else if (i >= 72 && i <= 128) assertTrue(peaks[i] <= silence, "silent bucket " + i + ": " + peaks[i]);
    }
  }

  @Test
  void wav16BitMono() throws Exception {
    DecodedSound s = SoundDecoder.decode(write("burst.wav", TestSounds.burstWav(44_100, 1, 16)), "wav");
    assertEquals(3.0, s.durationSeconds(), 1e-6);
    assertEquals(44_100, s.sampleRate());
    assertEquals(1, s.channels());
    assertEquals("wav", s.format());
    assertEquals(24_000, s.length(), 2, "3 s at 8 kHz");
    float[] peaks = Waveform.peaks(s.samples(), s.length());
    assertBurst(peaks, 0.01, 0f);
    for (int i = 67; i <= 132; i++) assertEquals(0f, peaks[i], "bucket " + i + " lies wholly in the silent second");
  }

  @Test
  void wav8BitStereo() throws Exception {
    DecodedSound s = SoundDecoder.decode(write("burst.wav", TestSounds.burstWav(22_050, 2, 8)), "wav");
    assertEquals(3.0, s.durationSeconds(), 1e-6);
    assertEquals(22_050, s.sampleRate());
    assertEquals(2, s.channels());
    assertBurst(Waveform.peaks(s.samples(), s.length()), 0.02, 0.01f);
  }

  @ParameterizedTest
  @CsvSource({"burst.mp3, mp3, 0.1", "burst.ogg, ogg, 0.1", "burst.flac, flac, 0.01"})
  void encodedFormats(String file, String format, double tolerance) throws Exception {
    DecodedSound s = SoundDecoder.decode(fixture(file), format);
    assertEquals(format, s.format());
    assertEquals(22_050, s.sampleRate());
    assertEquals(2, s.channels());
    assertEquals(3.0, s.durationSeconds(), 0.1, "duration of " + file);
    assertBurst(Waveform.peaks(s.samples(), s.length()), tolerance, 0.03f);
  }

  @ParameterizedTest
  @CsvSource({"wav, not a readable WAV file", "flac, FLAC", "ogg, OGG", "mp3, MP3"})
  void corruptFilesFailWithAReadableMessage(String ext, String named) throws Exception {
    byte[] junk = new byte[20_000];
    new Random(7).nextBytes(junk);
    SoundException e = assertThrows(SoundException.class, () -> SoundDecoder.decode(write("junk." + ext, junk), ext));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("Cannot invoke"), "no JVM null-pointer explanation: " + e.getMessage());
  }

  @Test
  void aTruncatedWavFailsOrDecodesWhatItHas() throws Exception {
    byte[] wav = TestSounds.burstWav(8_000, 1, 16);
    byte[] cut = java.util.Arrays.copyOf(wav, 30);
    SoundException e = assertThrows(SoundException.class, () -> SoundDecoder.decode(write("cut.wav", cut), "wav"));
    assertTrue(e.getMessage().contains("WAV"), e.getMessage());
  }

  @Test
  void formatsWithoutADecoderAreNamed() {
    SoundException e = assertThrows(SoundException.class, () -> SoundDecoder.decode(tmp.resolve("a.m4a"), "m4a"));
    assertTrue(e.getMessage().startsWith("Unsupported sound file type: .m4a"), e.getMessage());
  }

  @Test
  void decodingStopsAtTheCap() throws Exception {
    byte[] pcm = new byte[2 * 10_000];
    Downmix mix = new Downmix(1, 8_000, 8_000, 1_000);
    long frames = mix.read(new ByteArrayInputStream(pcm), Long.MAX_VALUE);
    assertTrue(mix.capped());
    assertEquals(1_000, mix.length());
    assertTrue(frames < 10_000, "stopped reading: " + frames);
  }
}
