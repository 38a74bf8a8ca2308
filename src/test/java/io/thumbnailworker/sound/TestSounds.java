package io.thumbnailworker.sound;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Sounds made in the test: PCM WAV files of a tone burst, or of any signal. */
public final class TestSounds {
  private TestSounds() {}

  /** The value, in [-1, 1] (clipped there), of channel {@code channel} at {@code second}. */
  @FunctionalInterface
  public interface Signal {
    double at(double second, int channel);
  }

  /** A 16-bit PCM WAV of {@code seconds} of {@code signal}. */
  public static byte[] wav(int rate, int channels, double seconds, Signal signal) {
    int frames = (int) Math.round(seconds * rate);
    int data = frames * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + data).put(ascii("WAVE")).put(ascii("fmt ")).putInt(16)
        .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
        .putShort((short) (channels * 2)).putShort((short) 16).put(ascii("data")).putInt(data);
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        double x = Math.max(-1, Math.min(1, signal.at(i / (double) rate, c)));
        b.putShort((short) Math.round(x * 32767));
      }
    }
    return b.array();
  }

  /** A 440 Hz sine of amplitude {@code level} at {@code second}. */
  public static double tone(double second, double level) {
    return level * Math.sin(2 * Math.PI * 440 * second);
  }

  /**
   * A 3 s burst: 1 s of a 440 Hz sine at 0.5 amplitude, 1 s of silence, 1 s of the sine; {@code bits} 8 (unsigned) or
   * 16 (signed little-endian), the same signal on every channel.
   */
  public static byte[] burstWav(int rate, int channels, int bits) {
    int frames = 3 * rate;
    int bytesPerSample = bits / 8;
    int data = frames * channels * bytesPerSample;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + data).put(ascii("WAVE")).put(ascii("fmt ")).putInt(16)
        .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * bytesPerSample)
        .putShort((short) (channels * bytesPerSample)).putShort((short) bits).put(ascii("data")).putInt(data);
    for (int i = 0; i < frames; i++) {
      double x = i >= rate && i < 2 * rate ? 0 : 0.5 * Math.sin(2 * Math.PI * 440 * i / rate);
      for (int c = 0; c < channels; c++) {
        if (bits == 8) b.put((byte) (128 + Math.round(x * 127)));
        else b.putShort((short) Math.round(x * 32767));
      }
    }
    return b.array();
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
