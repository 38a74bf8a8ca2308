package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashSet;
import java.util.Set;

/**
 * How a contract declares its routes, one line each: method, path, who may call it, then the handlers in order. A
 * {@link Access#KEY} route answers 401 without the API key when the server has one; an {@link Access#OPEN} route never
 * asks for it.
 */
final class RouteTable {
  /** Who may call a route. */
  enum Access { OPEN, KEY }

  private final Router router;
  private final ApiKeyCheck keys;
  private final Set<String> declared = new HashSet<>();

  RouteTable(Router router, ApiKeyCheck keys) {
    this.router = router;
    this.keys = keys;
  }

  /**
   * Declares a route. The key check is a route of its own just before it, so it runs before anything reads the body
   * (Vert.x Web puts a body handler ahead of plain handlers on one route).
   */
  @SafeVarargs
  final void add(HttpMethod method, String path, Access access, Handler<RoutingContext>... handlers) {
    if (!declared.add(method + " " + path)) {
      throw new IllegalStateException(method + " " + path + " is declared twice: two contracts define it, and the profile must settle which serves it");
    }
    if (needsKey(access)) router.route(method, path).handler(keys::require);
    Route route = router.route(method, path);
    for (Handler<RoutingContext> h : handlers) route.handler(h);
  }

  /** A SignalR hub at {@code path}: its negotiate route and its transports. */
  void hub(String path, Access access, HubServer hub) {
    hub.mount(router, path, needsKey(access) ? keys::require : null);
  }

  private boolean needsKey(Access access) {
    return access == Access.KEY && keys.enabled();
  }
}
