package io.thumbnailworker.api;

/**
 * When the server gives up on a connection (enforced by {@link ConnectionGuard}).
 *
 * @param idleTimeoutMs       no byte read or written for this long closes a connection, whatever it is doing; a kept-alive
 *                            connection waiting for its next request is closed after this long even if it trickles bytes
 * @param headerTimeoutMs     a new connection's first request headers must be complete within this long
 * @param minUploadBytesPerS  a request body (an upload, a JSON body) must arrive at least this fast, measured over each
 *                            window while the server is not holding the body back itself; 0 = no minimum
 * @param uploadRateWindowMs  the span of one measurement (the first one is the grace a new body gets)
 */
public record ConnectionTimeouts(long idleTimeoutMs, long headerTimeoutMs, long minUploadBytesPerS, long uploadRateWindowMs) {
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 120_000;
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 20_000;
  public static final long DEFAULT_MIN_UPLOAD_BYTES_PER_S = 1024;
  public static final long DEFAULT_UPLOAD_RATE_WINDOW_MS = 10_000;

  public ConnectionTimeouts {
    if (idleTimeoutMs < 1000) throw new IllegalArgumentException("idleTimeoutMs must be at least 1000, got " + idleTimeoutMs);
    if (headerTimeoutMs < 100) throw new IllegalArgumentException("headerTimeoutMs must be at least 100, got " + headerTimeoutMs);
    if (minUploadBytesPerS < 0) throw new IllegalArgumentException("minUploadBytesPerS must be 0 or more, got " + minUploadBytesPerS);
    if (uploadRateWindowMs < 100) throw new IllegalArgumentException("uploadRateWindowMs must be at least 100, got " + uploadRateWindowMs);
  }

  /** How often the guard looks: a quarter of the shortest limit, between 10 ms and 1 s. */
  long tickMs() {
    long shortest = Math.min(idleTimeoutMs, Math.min(headerTimeoutMs, uploadRateWindowMs));
    return Math.max(10, Math.min(1000, shortest / 4));
  }

  @Override
  public String toString() {
    return "idleTimeoutMs=" + idleTimeoutMs + ", headerTimeoutMs=" + headerTimeoutMs + ", minUploadBytesPerS="
        + minUploadBytesPerS + ", uploadRateWindowMs=" + uploadRateWindowMs;
  }
}
