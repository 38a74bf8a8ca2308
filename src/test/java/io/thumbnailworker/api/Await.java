package io.thumbnailworker.api;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for a condition: it is polled until it holds or the deadline passes, never slept on blindly. */
public final class Await {
  private static final long POLL_MS = 5;

  private Await() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} was awaited once {@code timeout} has passed. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    if (!reached(timeout, condition)) throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + what);
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
  public static boolean reached(Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) return false;
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
    return true;
  }
}
