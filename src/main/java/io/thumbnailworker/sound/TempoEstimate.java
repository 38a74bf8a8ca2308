package io.thumbnailworker.sound;

/**
 * A sound's tempo from the autocorrelation of its onset strength, or null when it has no steady beat: a wrong
 * number on a door creak or rain would mislead more than none.
 * <ol>
 *   <li>Onset strength per hop: the rise of the log-compressed energy, ln(1 + 1000·e), where it exceeds
 *       {@value #MIN_RISE} (a note's start counts, its decay and a steady sound's ripple do not), smoothed over three
 *       hops, mean removed.</li>
 *   <li>Autocorrelation at every lag between {@value #MAX_BPM} and {@value #MIN_BPM} BPM; the strongest lag is the
 *       beat; when half that lag holds at least half as much, the faster tempo is taken (a period between two
 *       whole lags spreads its peak over both).</li>
 *   <li>Not confident, null: under {@value #MIN_SECONDS} s of sound, an envelope without onsets, a best lag on the
 *       range's edge (no peak inside it), or a peak under {@value #MIN_CONFIDENCE} of the zero-lag energy.</li>
 *   <li>The lag is refined by a parabola through its neighbours and turned into BPM, one decimal.</li>
 * </ol>
 */
final class TempoEstimate {
  static final int MIN_BPM = 60;
  static final int MAX_BPM = 200;
  static final double MIN_SECONDS = 4;
  static final double MIN_CONFIDENCE = 0.3;
  static final double MIN_RISE = 0.1;

  private TempoEstimate() {}

  /** {@code energy}: the mean square of the signal per hop, {@code hopsPerSecond} of them a second. */
  static Double bpm(float[] energy, double hopsPerSecond) {
    int n = energy.length;
    if (n < MIN_SECONDS * hopsPerSecond) return null;
    double[] onset = onsets(energy);
    int minLag = (int) Math.floor(60 * hopsPerSecond / MAX_BPM);
    int maxLag = (int) Math.ceil(60 * hopsPerSecond / MIN_BPM);
    double r0 = correlation(onset, 0);
    if (!(r0 > 1e-9) || maxLag + 1 >= n) return null;
    double[] r = new double[maxLag + 2];
    int best = minLag;
    for (int lag = 1; lag <= maxLag + 1; lag++) {
      r[lag] = correlation(onset, lag);
      if (lag >= minLag && lag <= maxLag && r[lag] > r[best]) best = lag;
    }
    if (best == minLag || best == maxLag || r[best] < MIN_CONFIDENCE * r0) return null;
    double lag = refine(r, best);
    // a beat whose period falls between two whole lags spreads its peak over both and can peak lower than its double,
    // which falls on one: take the faster tempo when half the lag holds at least half as much
    int half = (int) Math.round(lag / 2);
    if (half > minLag && r[half] >= 0.5 * r[best]) lag = refine(r, half);
    return StatsMeter.round(60 * hopsPerSecond / lag, 1);
  }

  /**
   * The rise of ln(1 + 1000·e) from hop to hop where it exceeds {@value #MIN_RISE} (a steady sound's ripple is no
   * onset), smoothed over three hops (a note starting across a hop boundary stays one onset), mean removed.
   */
  private static double[] onsets(float[] energy) {
    int n = energy.length;
    double[] rise = new double[n];
    for (int k = 1; k < n; k++) {
      double d = Math.log1p(1000 * energy[k]) - Math.log1p(1000 * energy[k - 1]);
      rise[k] = d > MIN_RISE ? d : 0;
    }
    double[] onset = new double[n];
    double mean = 0;
    for (int k = 0; k < n; k++) {
      onset[k] = 0.5 * rise[k] + 0.25 * (k > 0 ? rise[k - 1] : 0) + 0.25 * (k + 1 < n ? rise[k + 1] : 0);
      mean += onset[k];
    }
    mean /= n;
    for (int k = 0; k < n; k++) onset[k] -= mean;
    return onset;
  }

  /** The lag of the peak at {@code best}, refined by a parabola through it and its neighbours. */
  private static double refine(double[] r, int best) {
    double curve = r[best - 1] - 2 * r[best] + r[best + 1];
    return best + (curve < 0 ? 0.5 * (r[best - 1] - r[best + 1]) / curve : 0);
  }

  /** Σ x[k]·x[k+lag] over the whole envelope, divided by its length (the biased estimate). */
  private static double correlation(double[] x, int lag) {
    double s = 0;
    for (int k = 0; k + lag < x.length; k++) s += x[k] * x[k + lag];
    return s / x.length;
  }
}
