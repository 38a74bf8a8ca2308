package io.thumbnailworker.sound;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.thumbnailworker.sound.TestSounds.tone;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The statistics the decoder measures in its pass: levels, DC offset and clipping per channel, silence, the stereo
 * relation and the tempo, each checked against a signal whose answer is known, through {@link SoundDecoder} on real
 * files (WAV made here, the encoded burst fixtures).
 */
class SoundStatisticsTest {
  @TempDir Path tmp;

  private SoundStatistics stats(String name, byte[] bytes) throws Exception {
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    return SoundDecoder.decode(f, name.substring(name.lastIndexOf('.') + 1)).statistics();
  }

  private SoundStatistics wav(int rate, int channels, double seconds, TestSounds.Signal signal) throws Exception {
    return stats("s.wav", TestSounds.wav(rate, channels, seconds, signal));
  }

  @ParameterizedTest
  @CsvSource({"8000", "44100", "48000"})
  void theBurstAtAnyRate(int rate) throws Exception {
    SoundStatistics s = stats("burst.wav", TestSounds.burstWav(rate, 1, 16));
    assertEquals(22_050, s.sampleRate());
    assertEquals(1, s.perChannel().size());
    SoundStatistics.ChannelLevels c = s.perChannel().get(0);
    assertEquals(0.5, c.peak(), rate == 8000 ? 0.01 : 0.002);
    assertEquals(-6.02, c.peakDb(), rate == 8000 ? 0.2 : 0.05);
    assertEquals(0.5 / Math.sqrt(2) * Math.sqrt(2 / 3.0), c.rms(), 0.003, "two loud seconds of three");
    assertEquals(-10.79, c.rmsDb(), 0.1);
    assertEquals(0, c.dcOffset(), 1e-4);
    assertEquals(0, c.clippingFraction());
    assertEquals(1 / 3.0, s.silence().fraction(), 0.03, "the silent second");
    assertEquals(0, s.silence().headSeconds(), 0.001);
    assertEquals(0, s.silence().tailSeconds(), 0.001);
    assertNull(s.bpm(), "3 s is too short to tell a tempo");
    assertNull(s.stereo());
  }

  @Test
  void clippingDcOffsetAndSilentEdges() throws Exception {
    // 0.5 s of silence, 2 s of a sine at twice full scale (hard-clipped: |2 sin| ≥ 1 a third of... two thirds of the
    // time) on a +0.1 offset, then 1 s of silence
    SoundStatistics s = wav(44_100, 1, 3.5, (t, c) -> t < 0.5 || t >= 2.5 ? 0 : tone(t, 2));
    SoundStatistics.ChannelLevels c = s.perChannel().get(0);
    assertEquals(1.0, c.peak(), 1e-3);
    assertEquals(0.0, c.peakDb(), 0.01);
    assertEquals(2 / 3.0 * 2 / 3.5, c.clippingFraction(), 0.02, "two thirds of the loud 2 s of 3.5");
    assertEquals(0.5, s.silence().headSeconds(), 0.002);
    assertEquals(1.0, s.silence().tailSeconds(), 0.002);
    assertEquals(1.5 / 3.5, s.silence().fraction(), 0.03);

    SoundStatistics dc = wav(22_050, 1, 1, (t, ch) -> 0.1 + tone(t, 0.2));
    assertEquals(0.1, dc.perChannel().get(0).dcOffset(), 0.001);
    assertEquals(0, dc.silence().fraction());
  }

  @Test
  void stereoRelations() throws Exception {
    SoundStatistics same = wav(22_050, 2, 1, (t, c) -> tone(t, 0.5));
    assertEquals(1.0, same.stereo().correlation(), 1e-3);
    assertEquals(0.0, same.stereo().width(), 1e-3);
    assertTrue(same.stereo().identical() && same.stereo().effectivelyMono());

    SoundStatistics opposite = wav(22_050, 2, 1, (t, c) -> c == 0 ? tone(t, 0.5) : -tone(t, 0.5));
    assertEquals(-1.0, opposite.stereo().correlation(), 1e-3);
    assertEquals(1.0, opposite.stereo().width(), 1e-3);
    assertFalse(opposite.stereo().identical() || opposite.stereo().effectivelyMono());

    Random noise = new Random(5);
    SoundStatistics unrelated = wav(22_050, 2, 2, (t, c) -> noise.nextGaussian() * 0.2);
    assertEquals(0.0, unrelated.stereo().correlation(), 0.02);
    assertEquals(0.5, unrelated.stereo().width(), 0.02);

    SoundStatistics leftOnly = wav(22_050, 2, 1, (t, c) -> c == 0 ? tone(t, 0.5) : 0);
    assertEquals("right", leftOnly.stereo().silentChannel());
    assertNull(leftOnly.stereo().correlation());
    assertTrue(leftOnly.stereo().effectivelyMono());
    assertNull(leftOnly.perChannel().get(1).peakDb(), "a silent channel has no level in dB");
    assertEquals(0.0, leftOnly.silence().fraction(), "a window is silent only when every channel is");
  }

  /** 50 ms bursts of a 440 Hz sine, one per beat, over 12 s. */
  private static TestSounds.Signal clicks(double bpm) {
    double beat = 60 / bpm;
    return (t, c) -> t % beat < 0.05 ? tone(t, 0.6) : 0;
  }

  @ParameterizedTest
  @CsvSource({"120", "90", "150", "72"})
  void aSteadyBeatGivesItsTempo(double bpm) throws Exception {
    SoundStatistics s = wav(44_100, 1, 12, clicks(bpm));
    assertNotNull(s.bpm(), "a click track at " + bpm + " BPM");
    assertEquals(bpm, s.bpm(), bpm * 0.02);
  }

  @Test
  void noSteadyBeatGivesNoTempo() throws Exception {
    Random r = new Random(11);
    assertNull(wav(22_050, 1, 10, (t, c) -> r.nextGaussian() * 0.2).bpm(), "white noise");
    assertNull(wav(22_050, 1, 10, (t, c) -> tone(t, 0.5)).bpm(), "a steady tone");
    assertNull(wav(22_050, 1, 10, (t, c) -> 0).bpm(), "silence");
    Random gaps = new Random(3);
    double[] onsets = new double[30];
    for (int i = 1; i < onsets.length; i++) onsets[i] = onsets[i - 1] + 0.15 + gaps.nextDouble() * 0.6;
    assertNull(wav(22_050, 1, 10, (t, c) -> {
      for (double o : onsets) if (t >= o && t < o + 0.05) return tone(t, 0.6);
      return 0;
    }).bpm(), "clicks at random times");
  }

  @Test
  void onlyTheFirstTwoMinutesCount() throws Exception {
    SoundStatistics s = wav(8_000, 1, 125, (t, c) -> t < 120 ? 0 : tone(t, 0.9));
    assertEquals(0, s.perChannel().get(0).peak(), "the tone starts after 120 s");
    assertEquals(1.0, s.silence().fraction());
  }

  @ParameterizedTest
  @CsvSource({"burst.mp3, 0.08, 0.05", "burst.ogg, 0.08, 0.05", "burst.flac, 0.002, 0.03"})
  void encodedFixtures(String file, double levelTolerance, double silenceTolerance) throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/sounds/" + file)) {
      bytes = in.readAllBytes();
    }
    SoundStatistics s = stats(file, bytes);
    assertEquals(2, s.perChannel().size());
    for (SoundStatistics.ChannelLevels c : s.perChannel()) {
      assertEquals(0.5, c.peak(), levelTolerance, file);
      assertEquals(-6.02, c.peakDb(), 20 * Math.log10(1 + 2 * levelTolerance), file);
    }
    assertEquals(1 / 3.0, s.silence().fraction(), silenceTolerance, file);
    assertEquals(1.0, s.stereo().correlation(), 0.01, file);
    JsonObject payload = s.payload();
    assertEquals(2, payload.getInteger("channelCount"));
    assertEquals(22_050, payload.getInteger("sampleRate"));
    assertTrue(payload.containsKey("bpm") && payload.getValue("bpm") == null, payload.encode());
    assertEquals(-60, payload.getJsonObject("silence").getInteger("thresholdDb"));
  }
}
