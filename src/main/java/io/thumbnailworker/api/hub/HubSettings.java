package io.thumbnailworker.api.hub;

/**
 * Hub timing, ASP.NET Core defaults in production (keep-alive 15 s, client timeout 30 s, handshake 15 s, long poll
 * 90 s); tests may shorten them.
 *
 * @param disconnectTimeoutMs a long-polling connection with no poll outstanding for this long is gone
 * @param maxMessageBytes     largest buffered client message (ASP.NET: 32 KiB)
 * @param maxBufferedBytes    most a client may fall behind (records held for it while its socket is backed up) before
 *                            it is closed with an error that allows reconnecting; 8 MiB by default, tens of
 *                            thousands of job events
 */
public record HubSettings(long keepAliveMs, long clientTimeoutMs, long handshakeTimeoutMs, long longPollTimeoutMs,
    long disconnectTimeoutMs, int maxMessageBytes, int maxBufferedBytes) {

  public static final int DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

  public HubSettings(long keepAliveMs, long clientTimeoutMs, long handshakeTimeoutMs, long longPollTimeoutMs,
      long disconnectTimeoutMs, int maxMessageBytes) {
    this(keepAliveMs, clientTimeoutMs, handshakeTimeoutMs, longPollTimeoutMs, disconnectTimeoutMs, maxMessageBytes,
        DEFAULT_MAX_BUFFERED_BYTES);
  }

  public static HubSettings defaults() {
    return new HubSettings(15_000, 30_000, 15_000, 90_000, 15_000, 32 * 1024);
  }

  /** How often timers are checked: fine enough for the shortest interval, at most once a second. */
  long tickMs() {
    long shortest = Math.min(Math.min(keepAliveMs, clientTimeoutMs), Math.min(handshakeTimeoutMs, disconnectTimeoutMs));
    return Math.max(10, Math.min(1000, shortest / 4));
  }
}
