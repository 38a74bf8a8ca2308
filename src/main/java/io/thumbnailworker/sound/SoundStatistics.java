package io.thumbnailworker.sound;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a sound's first {@value StatsMeter#MAX_SECONDS} s say about its content (modelibr-assets §3.2 "Stats"), measured
 * on floats at {@value StatsMeter#RATE} Hz with the source's channels. Levels are linear (1 = full scale) with their
 * dBFS beside them; a dB value is null where the level is 0. See {@link StatsMeter} for how each one is measured.
 *
 * @param perChannel one entry per source channel, in the file's order
 * @param silence    how much of the sound is below {@value StatsMeter#SILENCE_DB} dBFS
 * @param bpm        the tempo in beats per minute, or null when the sound has no steady beat (see {@link TempoEstimate})
 * @param stereo     how the first two channels relate; null for a mono sound
 */
public record SoundStatistics(int sampleRate, List<ChannelLevels> perChannel, Silence silence, Double bpm, Stereo stereo) {
  /** The payload's layout version. */
  public static final int VERSION = 1;

  /**
   * One channel: the largest |x|, the RMS, the mean (DC offset), and the share of samples within one 16-bit step of
   * full scale (|x| ≥ {@value StatsMeter#CLIP_LEVEL}).
   */
  public record ChannelLevels(double peak, Double peakDb, double rms, Double rmsDb, double dcOffset, double clippingFraction) {}

  /**
   * {@code fraction}: the share of 50 ms windows in which every channel's RMS is below the threshold (a trailing window
   * shorter than half of one is left out); {@code headSeconds} / {@code tailSeconds}: how long the sound stays below it
   * on every channel, sample by sample, at its start and at its end (a silent sound is all head).
   */
  public record Silence(double fraction, double headSeconds, double tailSeconds) {}

  /**
   * The first two channels L and R: {@code correlation} = ΣLR / √(ΣL²·ΣR²) (1 same signal, 0 unrelated, −1 opposite;
   * null when a channel is silent); {@code width} = side energy / (mid + side energy) with mid (L+R)/2 and side (L−R)/2
   * (0 mono, 0.5 unrelated channels of equal level, 1 opposite); {@code identical} when no sample differs by more than
   * 1e-4; {@code silentChannel} "left" or "right" when only that one peaks below the silence threshold;
   * {@code effectivelyMono} when either holds.
   */
  public record Stereo(Double correlation, Double width, boolean identical, String silentChannel, boolean effectivelyMono) {}

  /** The extraction record's {@code payload}. */
  public JsonObject payload() {
    JsonArray channels = new JsonArray();
    for (ChannelLevels c : perChannel) {
      channels.add(new JsonObject().put("peak", c.peak()).put("peakDb", c.peakDb()).put("rms", c.rms())
          .put("rmsDb", c.rmsDb()).put("dcOffset", c.dcOffset()).put("clippingFraction", c.clippingFraction()));
    }
    JsonObject payload = new JsonObject().put("version", VERSION).put("sampleRate", sampleRate)
        .put("channelCount", perChannel.size()).put("perChannel", channels)
        .put("silence", new JsonObject().put("fraction", silence.fraction()).put("thresholdDb", StatsMeter.SILENCE_DB)
            .put("windowMs", StatsMeter.WINDOW_MS).put("headSeconds", silence.headSeconds())
            .put("tailSeconds", silence.tailSeconds()))
        .put("bpm", bpm);
    if (stereo != null) {
      payload.put("stereo", new JsonObject().put("correlation", stereo.correlation()).put("width", stereo.width())
          .put("identical", stereo.identical()).put("silentChannel", stereo.silentChannel())
          .put("effectivelyMono", stereo.effectivelyMono()));
    }
    return payload;
  }
}
