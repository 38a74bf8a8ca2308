package io.thumbnailworker.api.hub;

/**
 * Hub timing, ASP.NET Core defaults in production (keep-alive 15 s, client timeout 30 s, handshake 15 s, long poll
 * 90 s); tests may shorten them.
 *
 * @param disconnectTimeoutMs a long-polling connection with no poll outstanding for this long is gone
 * @param maxMessageBytes     largest buffered client message (ASP.NET: 32 KiB)
 */
public record HubSettings(long keepAliveMs, long clientTimeoutMs, long handshakeTimeoutMs, long longPollTimeoutMs,
    long disconnectTimeoutMs, int maxMessageBytes) {

  public static HubSettings defaults() {
    return new HubSettings(15_000, 30_000, 15_000, 90_000, 15_000, 32 * 1024);
  }

  /** How often timers are checked: fine enough for the shortest interval, at most once a second. */
  long tickMs() {
    long shortest = Math.min(Math.min(keepAliveMs, clientTimeoutMs), Math.min(handshakeTimeoutMs, disconnectTimeoutMs));
    return Math.max(10, Math.min(1000, shortest / 4));
  }
}
