package io.thumbnailworker.api.hub;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The hub path's transport requests, after negotiate: {@code GET} upgrades to a WebSocket, opens a Server-Sent Events
 * stream or is a long poll; {@code POST} carries the client-to-server half of SSE and long polling; {@code DELETE}
 * ends a long-polling connection. Errors are plain text, worded as ASP.NET Core words them.
 */
final class HubEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(HubEndpoints.class);
  private static final int MAX_POST_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final ConnectionRegistry connections;

  HubEndpoints(ConnectionRegistry connections) {
    this.vertx = connections.vertx();
    this.connections = connections;
  }

  void get(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String id = req.getParam("id");
    if (req.canUpgradeToWebSocket()) {
      webSocket(ctx, id);
      return;
    }
    ClientConnection c = connectionOrError(ctx, id, false);
    if (c == null) return;
    String accept = req.getHeader(HttpHeaders.ACCEPT);
    boolean sse = accept != null && accept.contains("text/event-stream");
    if (c.transport() == null) {
      if (c.closed()) {
        error(ctx, 404, "No Connection with that ID");
        return;
      }
      if (sse) {
        c.attach(new ServerSentEventsTransport(ctx.response(), c), remote(req), System.currentTimeMillis());
        return;
      }
      c.attach(new LongPollingTransport(vertx, connections.settings().longPollTimeoutMs()), remote(req),
          System.currentTimeMillis());
    }
    if (c.transport() instanceof LongPollingTransport lp && !sse) {
      lp.poll(ctx.response());
    } else {
      error(ctx, 400, "Cannot change transports mid-connection.");
    }
  }

  private void webSocket(RoutingContext ctx, String id) {
    HttpServerRequest req = ctx.request();
    ClientConnection c;
    if (id == null) {                                       // skipNegotiation: the connection starts here
      if (connections.closed()) {
        error(ctx, 503, "The server is shutting down.");
        return;
      }
      c = connections.open(false);
    } else {
      c = connections.get(id);
      if (c == null || c.closed()) {
        error(ctx, 404, "No Connection with that ID");
        return;
      }
      if (c.transport() != null) {
        error(ctx, 409, "Connection already has a transport.");
        return;
      }
    }
    String remote = remote(req);
    req.toWebSocket().onSuccess(ws -> c.attach(new WebSocketTransport(vertx, ws, c), remote, System.currentTimeMillis()))
        .onFailure(e -> {
          LOG.info("WebSocket upgrade for hub connection {} failed: {}", c.connectionId, e.getMessage());
          c.shutdown();
        });
  }

  void post(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    ClientConnection c = connectionOrError(ctx, req.getParam("id"), true);
    if (c == null) return;
    Transport t = c.transport();
    if (t == null || t instanceof WebSocketTransport) {
      error(ctx, 405, t == null ? "The connection has no transport yet." : "POST requests are not allowed for WebSocket connections.");
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLong(length) > MAX_POST_BYTES) {
      error(ctx, 413, "The message is larger than " + MAX_POST_BYTES + " bytes.");
      return;
    }
    if (c.postInFlight) {
      error(ctx, 409, "Another POST is already in progress for this connection.");
      return;
    }
    c.postInFlight = true;
    req.body().onComplete(ar -> {
      c.postInFlight = false;
      if (ar.failed()) {
        if (!ctx.response().ended()) error(ctx, 400, "The request body could not be read.");
        return;
      }
      if (ar.result().length() > MAX_POST_BYTES) {
        error(ctx, 413, "The message is larger than " + MAX_POST_BYTES + " bytes.");
        return;
      }
      c.receive(ar.result().toString(StandardCharsets.UTF_8));
      ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end();
    });
  }

  /** Graceful end of a long-polling connection. */
  void delete(RoutingContext ctx) {
    ClientConnection c = connectionOrError(ctx, ctx.request().getParam("id"), false);
    if (c == null) return;
    if (!(c.transport() instanceof LongPollingTransport lp)) {
      error(ctx, 400, "Cannot terminate this connection using the DELETE endpoint.");
      return;
    }
    lp.clientClosed();
    c.transportClosed();
    ctx.response().setStatusCode(202).putHeader("Content-Type", "text/plain").end();
  }

  /** The connection named by {@code ?id=}, or null after answering 400 (no id) or 404 (unknown, or closed when asked). */
  private ClientConnection connectionOrError(RoutingContext ctx, String id, boolean rejectClosed) {
    if (id == null) {
      error(ctx, 400, "Connection ID required");
      return null;
    }
    ClientConnection c = connections.get(id);
    if (c == null || (rejectClosed && c.closed())) {
      error(ctx, 404, "No Connection with that ID");
      return null;
    }
    return c;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String remote(HttpServerRequest req) {
    return req.remoteAddress() == null ? "" : req.remoteAddress().toString();
  }

  static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
  }
}
