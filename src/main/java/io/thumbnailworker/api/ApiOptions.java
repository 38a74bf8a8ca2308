package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubSettings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the reference Web API. Built with {@link #builder(Path)}; validated once by {@link Builder#build()}.
 * The hub intervals and the lease sweep period are test hooks: production uses the ASP.NET Core defaults.
 *
 * @param profile            the contracts spoken: spec, modelibr or both (one queue)
 * @param port               HTTP port; 0 = any free port
 * @param dataDir            database, file store and upload scratch space live here
 * @param apiKey             required key (X-Api-Key, access_token or Bearer); null = no auth
 * @param maxAttempts        attempts before a job ends Failed
 * @param lockTimeoutMs      lease of an InProgress job (both contracts: 10 minutes by default); a spec claim's expired
 *                           lease is swept back to Pending (or Failed), a Modelibr claim's makes the job claimable again
 * @param maxModelBytes      largest model upload (and largest uncompressed zip total)
 * @param maxThumbnailBytes  largest thumbnail/poster upload
 * @param leaseSweepMs       how often expired leases are looked for
 * @param keepAliveMs        hub: a Ping is sent when nothing else was sent for this long
 * @param clientTimeoutMs    hub: a client that pinged once and then is silent this long is closed
 * @param handshakeTimeoutMs hub: a connection without a handshake this long after connecting is closed
 * @param longPollTimeoutMs  hub: a held long poll is answered empty after this long (below the Java client's 100 s)
 * @param faults             fault injection for tests; null = none
 * @param timeouts           when idle, slow or stalled connections are closed ({@link ConnectionTimeouts})
 */
public record ApiOptions(ApiProfile profile, int port, Path dataDir, String apiKey, int maxAttempts, long lockTimeoutMs, long maxModelBytes,
    long maxThumbnailBytes, long leaseSweepMs, long keepAliveMs, long clientTimeoutMs, long handshakeTimeoutMs,
    long longPollTimeoutMs, FaultInjector faults, ConnectionTimeouts timeouts) {

  public static final int DEFAULT_PORT = 5009;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_LOCK_TIMEOUT_MS = 600_000;
  public static final long DEFAULT_MAX_MODEL_BYTES = 512L * 1024 * 1024;
  public static final long DEFAULT_MAX_THUMBNAIL_BYTES = 10L * 1000 * 1000;

  public ApiOptions {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
    if (maxAttempts < 1 || maxAttempts > 100) throw new IllegalArgumentException("maxAttempts must be 1..100, got " + maxAttempts);
    positive("lockTimeoutMs", lockTimeoutMs);
    positive("maxModelBytes", maxModelBytes);
    positive("maxThumbnailBytes", maxThumbnailBytes);
    positive("leaseSweepMs", leaseSweepMs);
    positive("keepAliveMs", keepAliveMs);
    positive("clientTimeoutMs", clientTimeoutMs);
    positive("handshakeTimeoutMs", handshakeTimeoutMs);
    positive("longPollTimeoutMs", longPollTimeoutMs);
    Objects.requireNonNull(timeouts, "timeouts");
    if (apiKey != null && apiKey.isBlank()) apiKey = null;
  }

  /**
   * The hub's timing: these intervals, a long-polling client gone after half the client timeout (at least 5 s). No hub
   * connection is ever silent for the idle timeout: keep-alives go out at least every half of it, and a long poll is
   * held at most three quarters of it (the defaults, 15 s and 90 s under 120 s, are ASP.NET's own).
   */
  HubSettings hubSettings() {
    long idle = timeouts.idleTimeoutMs();
    return new HubSettings(Math.min(keepAliveMs, idle / 2), clientTimeoutMs, handshakeTimeoutMs,
        Math.min(longPollTimeoutMs, idle * 3 / 4), Math.max(clientTimeoutMs / 2, 5_000), 32 * 1024);
  }

  /** Never prints the key itself. */
  @Override
  public String toString() {
    return "ApiOptions[profile=" + profile.label() + ", port=" + port + ", dataDir=" + dataDir + ", apiKey=" + (apiKey == null ? "none" : "****")
        + ", maxAttempts=" + maxAttempts + ", lockTimeoutMs=" + lockTimeoutMs + ", maxModelBytes=" + maxModelBytes
        + ", maxThumbnailBytes=" + maxThumbnailBytes + ", leaseSweepMs=" + leaseSweepMs + ", keepAliveMs=" + keepAliveMs
        + ", clientTimeoutMs=" + clientTimeoutMs + ", " + timeouts + ", faults=" + (faults != null) + "]";
  }

  private static void positive(String name, long value) {
    if (value <= 0) throw new IllegalArgumentException(name + " must be positive, got " + value);
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Mutable builder with the defaults of the {@code api} subcommand. */
  public static final class Builder {
    private ApiProfile profile = ApiProfile.BOTH;
    private int port = DEFAULT_PORT;
    private final Path dataDir;
    private String apiKey;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private long lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS;
    private long maxModelBytes = DEFAULT_MAX_MODEL_BYTES;
    private long maxThumbnailBytes = DEFAULT_MAX_THUMBNAIL_BYTES;
    private Long leaseSweepMs;
    private long keepAliveMs = 15_000;
    private long clientTimeoutMs = 30_000;
    private long handshakeTimeoutMs = 15_000;
    private long longPollTimeoutMs = 90_000;
    private FaultInjector faults;
    private long idleTimeoutMs = ConnectionTimeouts.DEFAULT_IDLE_TIMEOUT_MS;
    private long headerTimeoutMs = ConnectionTimeouts.DEFAULT_HEADER_TIMEOUT_MS;
    private long minUploadBytesPerS = ConnectionTimeouts.DEFAULT_MIN_UPLOAD_BYTES_PER_S;
    private long uploadRateWindowMs = ConnectionTimeouts.DEFAULT_UPLOAD_RATE_WINDOW_MS;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    /** Default: both contracts. */
    public Builder profile(ApiProfile v) { profile = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder apiKey(String v) { apiKey = v; return this; }
    public Builder maxAttempts(int v) { maxAttempts = v; return this; }
    public Builder lockTimeoutMs(long v) { lockTimeoutMs = v; return this; }
    public Builder maxModelBytes(long v) { maxModelBytes = v; return this; }
    public Builder maxThumbnailBytes(long v) { maxThumbnailBytes = v; return this; }
    /** Default: a tenth of the lock timeout, between 50 ms and 5 s. */
    public Builder leaseSweepMs(long v) { leaseSweepMs = v; return this; }
    public Builder keepAliveMs(long v) { keepAliveMs = v; return this; }
    public Builder clientTimeoutMs(long v) { clientTimeoutMs = v; return this; }
    public Builder handshakeTimeoutMs(long v) { handshakeTimeoutMs = v; return this; }
    public Builder longPollTimeoutMs(long v) { longPollTimeoutMs = v; return this; }
    public Builder faults(FaultInjector v) { faults = v; return this; }
    /** A connection with no byte either way for this long is closed (default 120 s). */
    public Builder idleTimeoutMs(long v) { idleTimeoutMs = v; return this; }
    /** A new connection's request headers must be in within this long (default 20 s). */
    public Builder headerTimeoutMs(long v) { headerTimeoutMs = v; return this; }
    /** A request body slower than this is cut off (default 1024 bytes/s; 0 = no minimum). */
    public Builder minUploadBytesPerS(long v) { minUploadBytesPerS = v; return this; }
    /** Test hook: the span over which the body rate is measured (default 10 s). */
    public Builder uploadRateWindowMs(long v) { uploadRateWindowMs = v; return this; }

    public ApiOptions build() {
      long sweep = leaseSweepMs != null ? leaseSweepMs : Math.max(50, Math.min(5_000, lockTimeoutMs / 10));
      return new ApiOptions(profile, port, dataDir, apiKey, maxAttempts, lockTimeoutMs, maxModelBytes, maxThumbnailBytes, sweep,
          keepAliveMs, clientTimeoutMs, handshakeTimeoutMs, longPollTimeoutMs, faults,
          new ConnectionTimeouts(idleTimeoutMs, headerTimeoutMs, minUploadBytesPerS, uploadRateWindowMs));
    }
  }
}
