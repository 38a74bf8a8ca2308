package io.thumbnailworker.sound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures {@link SoundStatistics} in the decoder's one pass over the file. Every source frame is resampled to
 * {@value #RATE} Hz per channel by linear interpolation (as {@link Downmix} makes the waveform's 8 kHz) and folded at
 * once into running sums; the first {@value #MAX_SECONDS} s count. The 22.05 kHz samples are not kept: two minutes of
 * eight channels would be 85 MB of floats, where the sums take a few kilobytes and the tempo's energy envelope
 * ({@value #HOP}-sample hops) about 20 KB. Linear interpolation has no anti-alias filter, so content above 11 kHz
 * folds down when a source is decimated; peaks, RMS and the envelope hardly move with it.
 */
final class StatsMeter implements Downmix.FrameSink {
  static final int RATE = 22_050;
  static final int MAX_SECONDS = 120;
  static final double SILENCE_DB = -60;
  static final int WINDOW_MS = 50;
  static final double CLIP_LEVEL = 0.9999;
  /** Hop of the tempo's energy envelope: about 23 ms. */
  static final int HOP = 512;
  private static final double SILENCE = Math.pow(10, SILENCE_DB / 20);
  private static final int WINDOW = Math.round(RATE * WINDOW_MS / 1000f);
  private static final long MAX_FRAMES = (long) RATE * MAX_SECONDS;

  private final int channels;
  private final double step;
  private final float[] prev;
  private final float[] out;
  private long inFrames;
  private long nextOut;
  private long n;
  private final double[] peak;
  private final double[] sum;
  private final double[] sumSq;
  private final long[] clipped;
  private final double[] windowSq;
  private int windowLength;
  private int windows;
  private int silentWindows;
  private long firstLoud = -1;
  private long lastLoud = -1;
  private double sumLR;
  private double maxDiff;
  private double hopSq;
  private int hopLength;
  private float[] envelope = new float[1024];
  private int envelopeLength;

  StatsMeter(int channels, float inRate) {
    this.channels = channels;
    this.step = inRate / (double) RATE;
    prev = new float[channels];
    out = new float[channels];
    peak = new double[channels];
    sum = new double[channels];
    sumSq = new double[channels];
    clipped = new long[channels];
    windowSq = new double[channels];
  }

  @Override
  public void frame(float[] cur) {
    if (inFrames == 0) System.arraycopy(cur, 0, prev, 0, channels);
    double pos;
    while (n < MAX_FRAMES && (pos = nextOut * step) <= inFrames) {
      double t = inFrames == 0 ? 1 : pos - (inFrames - 1);
      for (int c = 0; c < channels; c++) out[c] = (float) (prev[c] + (cur[c] - prev[c]) * t);
      measure(out);
      nextOut++;
    }
    System.arraycopy(cur, 0, prev, 0, channels);
    inFrames++;
  }

  /** One frame at {@value #RATE} Hz. */
  private void measure(float[] x) {
    boolean loud = false;
    double mono = 0;
    for (int c = 0; c < channels; c++) {
      double v = x[c];
      double a = Math.abs(v);
      if (a > peak[c]) peak[c] = a;
      sum[c] += v;
      sumSq[c] += v * v;
      windowSq[c] += v * v;
      if (a >= CLIP_LEVEL) clipped[c]++;
      loud |= a >= SILENCE;
      mono += v;
    }
    if (loud) {
      if (firstLoud < 0) firstLoud = n;
      lastLoud = n;
    }
    if (channels >= 2) {
      sumLR += (double) x[0] * x[1];
      maxDiff = Math.max(maxDiff, Math.abs(x[0] - x[1]));
    }
    mono /= channels;
    hopSq += mono * mono;
    if (++hopLength == HOP) {
      if (envelopeLength == envelope.length) envelope = Arrays.copyOf(envelope, envelopeLength * 2);
      envelope[envelopeLength++] = (float) (hopSq / HOP);
      hopSq = 0;
      hopLength = 0;
    }
    if (++windowLength == WINDOW) closeWindow();
    n++;
  }

  private void closeWindow() {
    boolean silent = true;
    for (int c = 0; c < channels; c++) {
      silent &= Math.sqrt(windowSq[c] / windowLength) < SILENCE;
      windowSq[c] = 0;
    }
    windows++;
    if (silent) silentWindows++;
    windowLength = 0;
  }

  SoundStatistics finish() {
    if (windowLength >= WINDOW / 2) closeWindow();
    List<SoundStatistics.ChannelLevels> levels = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      double rms = n == 0 ? 0 : Math.sqrt(sumSq[c] / n);
      levels.add(new SoundStatistics.ChannelLevels(round(peak[c], 6), db(peak[c]), round(rms, 6), db(rms),
          round(n == 0 ? 0 : sum[c] / n, 6), round(n == 0 ? 0 : clipped[c] / (double) n, 6)));
    }
    double head = firstLoud < 0 ? n : firstLoud;
    double tail = firstLoud < 0 ? 0 : n - 1 - lastLoud;
    SoundStatistics.Silence silence = new SoundStatistics.Silence(round(windows == 0 ? 0 : silentWindows / (double) windows, 4),
        round(head / RATE, 3), round(tail / RATE, 3));
    Double bpm = TempoEstimate.bpm(Arrays.copyOf(envelope, envelopeLength), RATE / (double) HOP);
    return new SoundStatistics(RATE, levels, silence, bpm, channels >= 2 ? stereo() : null);
  }

  private SoundStatistics.Stereo stereo() {
    double ll = sumSq[0];
    double rr = sumSq[1];
    Double correlation = ll > 0 && rr > 0 ? round(sumLR / Math.sqrt(ll * rr), 4) : null;
    Double width = ll + rr > 0 ? round(Math.max(0, ll - 2 * sumLR + rr) / (2 * (ll + rr)), 4) : null;
    boolean identical = maxDiff <= 1e-4;
    String silent = peak[0] < SILENCE && peak[1] >= SILENCE ? "left" : peak[1] < SILENCE && peak[0] >= SILENCE ? "right" : null;
    return new SoundStatistics.Stereo(correlation, width, identical, silent, identical || silent != null);
  }

  private static Double db(double level) {
    return level > 0 ? round(20 * Math.log10(level), 2) : null;
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
