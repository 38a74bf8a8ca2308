package io.thumbnailworker.jobs;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;

import java.util.concurrent.TimeUnit;

/** The connection settings every client of the API shares: HTTP_TIMEOUT_MS and TLS. */
final class ClientOptions {
  private ClientOptions() {}

  /** Shared timeout and TLS settings; HTTP/2 only over TLS, where ALPN lets the server choose (plain http stays 1.1). */
  static <O extends HttpClientOptions> O apply(O o, WorkerConfig cfg) {
    int timeout = cfg.integer(ConfigKey.HTTP_TIMEOUT_MS);
    o.setConnectTimeout(timeout).setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (cfg.apiBaseUrl().startsWith("https:")) {
      o.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
      if (!cfg.flag(ConfigKey.TLS_REJECT_UNAUTHORIZED)) o.setTrustAll(true).setVerifyHost(false);
    }
    return o;
  }
}
