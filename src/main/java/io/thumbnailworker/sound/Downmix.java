package io.thumbnailworker.sound;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns interleaved signed 16-bit little-endian PCM at any rate and channel count into mono at a lower or equal rate:
 * channels averaged, then linearly interpolated at the output's sample times. Keeps at most {@code maxOut} samples.
 * Each source frame is also handed, as floats in [-1, 1), to an optional {@link FrameSink} (the statistics' pass).
 */
final class Downmix {
  private final int channels;
  private final double step;
  private final int maxOut;
  private short[] out = new short[1 << 14];
  private int length;
  private long nextOut;
  private long frame;
  private double prev;
  private boolean capped;
  private final FrameSink sink;
  private final float[] frameValues;

  /** Receives every source frame read, one float per channel. */
  interface FrameSink {
    void frame(float[] values);
  }

  Downmix(int channels, float inRate, int outRate, long maxOut) {
    this(channels, inRate, outRate, maxOut, null);
  }

  Downmix(int channels, float inRate, int outRate, long maxOut, FrameSink sink) {
    this.channels = channels;
    this.sink = sink;
    this.frameValues = new float[channels];
    this.step = inRate / (double) outRate;
    this.maxOut = (int) Math.min(Integer.MAX_VALUE - 8, maxOut);
  }

  /** Reads {@code in} to its end, or {@code maxFrames} frames; answers the frames read. */
  long read(InputStream in, long maxFrames) throws IOException {
    int frameBytes = 2 * channels;
    byte[] buf = new byte[frameBytes * 4096];
    int filled = 0;
    int n;
    while (frame < maxFrames && length < maxOut && (n = in.read(buf, filled, buf.length - filled)) >= 0) {
      filled += n;
      int whole = filled - filled % frameBytes;
      for (int i = 0; i < whole && frame < maxFrames; i += frameBytes) add(mono(buf, i));
      System.arraycopy(buf, whole, buf, 0, filled - whole);
      filled -= whole;
    }
    capped = frame >= maxFrames || length >= maxOut;
    return frame;
  }

  private double mono(byte[] buf, int at) {
    int sum = 0;
    for (int c = 0; c < channels; c++) {
      int i = at + 2 * c;
      short v = (short) ((buf[i] & 0xff) | (buf[i + 1] << 8));
      sum += v;
      frameValues[c] = v / 32768f;
    }
    if (sink != null) sink.frame(frameValues);
    return sum / (double) channels;
  }

  private void add(double cur) {
    if (frame == 0) prev = cur;
    double pos;
    while (length < maxOut && (pos = nextOut * step) <= frame) {
      double v = prev + (cur - prev) * (pos - (frame - 1));
      if (frame == 0) v = cur;
      if (length == out.length) out = java.util.Arrays.copyOf(out, (int) Math.min((long) out.length * 2, maxOut));
      out[length++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
      nextOut++;
    }
    prev = cur;
    frame++;
  }

  /** Whether reading stopped at a cap rather than at the stream's end. */
  boolean capped() { return capped; }

  short[] samples() { return out; }

  int length() { return length; }
}
