package io.thumbnailworker.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional shared API key, accepted as header {@code X-Api-Key} (the worker's HTTP calls), query
 * {@code access_token} (browsers' WebSocket/SSE, the gallery's images) or {@code Authorization: Bearer} (the official
 * SignalR Java client's access token). Compared in constant time.
 */
final class ApiKeyCheck {
  static final String MISSING = "missing or wrong API key (send X-Api-Key, access_token or Bearer)";
  private final byte[] key;

  ApiKeyCheck(String key) {
    this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  boolean enabled() {
    return key != null;
  }

  boolean allows(HttpServerRequest req) {
    if (key == null) return true;
    if (matches(req.getHeader("X-Api-Key"))) return true;
    if (matches(req.getParam("access_token"))) return true;
    String auth = req.getHeader("Authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim());
  }

  /** Route handler: passes the request on when it carries the key (or no key is set), else answers 401. */
  void require(RoutingContext ctx) {
    if (allows(ctx.request())) ctx.next();
    else HttpResponses.error(ctx, 401, "unauthorized", MISSING);
  }

  private boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
  }
}
