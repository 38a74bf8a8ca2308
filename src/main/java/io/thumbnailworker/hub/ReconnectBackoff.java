package io.thumbnailworker.hub;

import java.util.concurrent.ThreadLocalRandom;

/** Reconnect delays of design §2: 0 s, 2 s, 10 s, then 30 s forever, each with ±20 % jitter (0 gets up to 250 ms). */
public final class ReconnectBackoff {
  private static final long[] DELAYS = {0, 2_000, 10_000, 30_000};

  private ReconnectBackoff() {}

  /** Delay before attempt {@code attempt} (0 = the first retry after a loss). */
  public static long delayMs(int attempt) {
    long base = DELAYS[Math.min(Math.max(attempt, 0), DELAYS.length - 1)];
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return base == 0 ? r.nextLong(0, 251) : Math.round(base * (0.8 + 0.4 * r.nextDouble()));
  }
}
