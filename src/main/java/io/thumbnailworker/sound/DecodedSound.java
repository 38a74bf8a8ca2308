package io.thumbnailworker.sound;

/**
 * A sound decoded for its waveform: the first {@code length} samples of its mono 8 kHz signed 16-bit rendering (at
 * most {@link SoundDecoder#MAX_SECONDS} of it), and what the finish report carries about the source: its duration in
 * seconds, sample rate and channel count (null when unknown) and its container format (lower-case: wav, mp3, ogg, flac);
 * and the {@link SoundStatistics} of its first two minutes, measured in the same pass.
 */
public record DecodedSound(short[] samples, int length, double durationSeconds, Integer sampleRate, Integer channels,
                           String format, SoundStatistics statistics) {
  /** The rate {@link #samples} are at. */
  public static final int RATE = 8_000;
}
