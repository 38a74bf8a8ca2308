package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Retries an API call with exponential backoff and jitter: connection errors, timeouts, 5xx and 429 are retried up to
 * MAX_RETRIES times; any other 4xx is final at once (retrying a 404 or 409 cannot change the answer).
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private final Vertx vertx;
  private final IntSupplier maxRetries;
  private final IntSupplier baseDelayMs;
  private final Map<String, String> mdc;

  /** Suppliers so that MAX_RETRIES and RETRY_DELAY_MS changes apply to the next call. */
  public Retry(Vertx vertx, IntSupplier maxRetries, IntSupplier baseDelayMs) {
    this(vertx, maxRetries, baseDelayMs, Map.of());
  }

  private Retry(Vertx vertx, IntSupplier maxRetries, IntSupplier baseDelayMs, Map<String, String> mdc) {
    this.vertx = vertx;
    this.maxRetries = maxRetries;
    this.baseDelayMs = baseDelayMs;
    this.mdc = mdc;
  }

  /** The same policy, logging its retries with these MDC entries (a job's jobId and modelId). */
  public Retry withMdc(Map<String, String> entries) {
    return new Retry(vertx, maxRetries, baseDelayMs, Map.copyOf(entries));
  }

  public <T> Future<T> run(String what, Supplier<Future<T>> call) {
    return attempt(what, call, 0);
  }

  private <T> Future<T> attempt(String what, Supplier<Future<T>> call, int retry) {
    return call.get().recover(err -> {
      if (!retryable(err) || retry >= maxRetries.getAsInt()) return Future.failedFuture(err);
      long delay = delayMs(baseDelayMs.getAsInt(), retry);
      mdc.forEach(MDC::put);
      try {
        String why = err instanceof ApiStatusException ? err.getMessage() : what + " failed: " + Errors.oneLine(err);
        LOG.info("{}; retry {}/{} in {} ms", why, retry + 1, maxRetries.getAsInt(), delay);
      } finally {
        mdc.keySet().forEach(MDC::remove);
      }
      Future<Void> wait = delay > 0 ? vertx.timer(delay, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
      return wait.compose(v -> attempt(what, call, retry + 1));
    });
  }

  /** Anything that is not a definite answer from the API (connection refused/reset, timeouts) may succeed later. */
  public static boolean retryable(Throwable err) {
    if (err instanceof ApiStatusException status) return status.retryable();
    return !(err instanceof JobFailure);
  }

  /** base * 2^retry, scaled by a random factor in [0.5, 1.5) so that many workers do not retry in lockstep. */
  static long delayMs(int base, int retry) {
    double exp = base * Math.pow(2, Math.min(retry, 20));
    return (long) Math.min(10 * 60_000d, exp * (0.5 + ThreadLocalRandom.current().nextDouble()));
  }
}
