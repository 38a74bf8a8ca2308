package io.thumbnailworker.api.hub;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An ASP.NET Core compatible SignalR hub endpoint (negotiate v0/v1; WebSockets, Server-Sent Events and Long Polling;
 * JSON hub protocol v1). There is no Java server library for this, so this is our own, written from the protocol
 * specs (TransportProtocols.md, HubProtocol.md). All state is confined to the event loop of the context that created
 * it; {@link #broadcast} may be called from anywhere.
 */
public final class HubServer {
  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);
  private static final int MAX_POST_BYTES = 1024 * 1024;

  /** A registered hub method. */
  record Method(String name, int parameterCount, HubMethod impl) {}

  private final Vertx vertx;
  private final Context context;
  private final HubSettings settings;
  private final Map<String, Method> methods = new HashMap<>();
  /** connectionToken (v1) or connectionId (v0) to connection. */
  private final Map<String, HubConnection> connections = new HashMap<>();
  /** Connections that queued records during this event-loop turn; {@link #flushQueued} writes them out after it. */
  private final List<HubConnection> queued = new ArrayList<>();
  private final long tickTimer;
  /** Clients past the handshake; kept separately so other threads (tests, status) can read it safely. */
  final java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger();
  private boolean closed;

  public HubServer(Vertx vertx, HubSettings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.tickTimer = vertx.setPeriodic(settings.tickMs(), id -> tick());
  }

  HubSettings settings() { return settings; }

  /** Registers a client-callable method; names match case-insensitively, as in ASP.NET Core. */
  public HubServer method(String name, int parameterCount, HubMethod impl) {
    methods.put(name.toLowerCase(Locale.ROOT), new Method(name, parameterCount, impl));
    return this;
  }

  Method method(String target) {
    return methods.get(target.toLowerCase(Locale.ROOT));
  }

  /** Mounts negotiate and the transports at {@code path} (e.g. /hubs/thumbnail-jobs). */
  public void mount(Router router, String path) {
    router.post(path + "/negotiate").handler(this::negotiate);
    router.route(path).method(HttpMethod.GET).handler(this::get);
    router.route(path).method(HttpMethod.POST).handler(this::post);
    router.route(path).method(HttpMethod.DELETE).handler(this::delete);
  }

  /** Invokes {@code target} on every connected client (fire-and-forget, no invocation id). */
  public void broadcast(String target, JsonObject argument) {
    // serialised and UTF-8 encoded once for all clients (on the caller's thread); each connection appends these bytes
    // to the batch it writes at the end of the turn
    Buffer record = Buffer.buffer(HubProtocol.invocation(target, argument));
    onContext(() -> {
      for (HubConnection c : new ArrayList<>(connections.values())) if (c.ready()) c.send(record);
    });
  }

  /** Clients that completed the handshake and are still connected. */
  public int connectedClients() {
    return ready.get();
  }

  /** Bytes held back for clients whose transport is backed up (tests, diagnostics); on the hub's context only. */
  int backlogBytes() {
    int n = 0;
    for (HubConnection c : connections.values()) n += c.backlogBytes();
    return n;
  }

  /** Sends every client a Close (reconnect allowed) and stops the timers. */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      closed = true;
      vertx.cancelTimer(tickTimer);
      for (HubConnection c : new ArrayList<>(connections.values())) c.closeForShutdown();
      done.complete();
    });
    return done.future();
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) r.run();
    else context.runOnContext(v -> r.run());
  }

  /**
   * A connection queued its first record of this turn. One task, run after the tasks already queued on the event loop
   * (e.g. the rest of a burst of broadcasts from another thread), writes every such connection's batch: one write and
   * one WebSocket frame per client per turn instead of one per record.
   */
  void flushAfterTurn(HubConnection c) {
    if (queued.isEmpty()) context.runOnContext(v -> flushQueued());
    queued.add(c);
  }

  private void flushQueued() {
    List<HubConnection> batch = List.copyOf(queued);
    queued.clear();
    for (HubConnection c : batch) c.flush();
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (HubConnection c : new ArrayList<>(connections.values())) c.tick(now);
  }

  void remove(HubConnection c) {
    if (c.transport() instanceof LongPollingTransport) {
      // keep it findable for a while, so the client's next poll gets the final 204 rather than a 404
      vertx.setTimer(settings.disconnectTimeoutMs(), id -> connections.remove(c.token, c));
    } else {
      connections.remove(c.token, c);
    }
  }

  // ---- negotiate ----

  private void negotiate(RoutingContext ctx) {
    if (closed) {
      error(ctx, 503, "The server is shutting down.");
      return;
    }
    int requested;
    try {
      String v = ctx.request().getParam("negotiateVersion");
      requested = v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      negotiateError(ctx, "The 'negotiateVersion' query value is not a number.");
      return;
    }
    int version = Math.min(Math.max(requested, 0), 1);
    String connectionId = UUID.randomUUID().toString();
    String token = version >= 1 ? UUID.randomUUID().toString() : connectionId;
    connections.put(token, new HubConnection(this, connectionId, token, System.currentTimeMillis()));
    JsonObject body = new JsonObject().put("connectionId", connectionId);
    if (version >= 1) body.put("connectionToken", token);
    body.put("negotiateVersion", version).put("availableTransports", new JsonArray()
        .add(transport("WebSockets", "Text", "Binary"))
        .add(transport("ServerSentEvents", "Text"))
        .add(transport("LongPolling", "Text", "Binary")));
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body.encode());
  }

  private static JsonObject transport(String name, String... formats) {
    JsonArray f = new JsonArray();
    for (String s : formats) f.add(s);
    return new JsonObject().put("transport", name).put("transferFormats", f);
  }

  private static void negotiateError(RoutingContext ctx, String message) {
    ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  // ---- GET: WebSocket upgrade, SSE stream or long poll ----

  private void get(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String id = req.getParam("id");
    if (req.canUpgradeToWebSocket()) {
      webSocket(ctx, id);
      return;
    }
    HubConnection c = connectionOrError(ctx, id, false);
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
      c.attach(new LongPollingTransport(vertx, settings.longPollTimeoutMs()), remote(req), System.currentTimeMillis());
    }
    if (c.transport() instanceof LongPollingTransport lp && !sse) {
      lp.poll(ctx.response());
    } else {
      error(ctx, 400, "Cannot change transports mid-connection.");
    }
  }

  private void webSocket(RoutingContext ctx, String id) {
    HttpServerRequest req = ctx.request();
    HubConnection c;
    if (id == null) {                                       // skipNegotiation: the connection starts here
      if (closed) {
        error(ctx, 503, "The server is shutting down.");
        return;
      }
      String connectionId = UUID.randomUUID().toString();
      c = new HubConnection(this, connectionId, connectionId, System.currentTimeMillis());
      connections.put(connectionId, c);
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
    HubConnection conn = c;
    String remote = remote(req);
    req.toWebSocket().onSuccess(ws -> conn.attach(new WebSocketTransport(vertx, ws, conn), remote, System.currentTimeMillis()))
        .onFailure(e -> {
          LOG.info("WebSocket upgrade for hub connection {} failed: {}", conn.connectionId, e.getMessage());
          conn.shutdown();
        });
  }

  // ---- POST: client-to-server half of SSE and long polling ----

  private void post(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HubConnection c = connectionOrError(ctx, req.getParam("id"), true);
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
    if (inFlight(t)) {
      error(ctx, 409, "Another POST is already in progress for this connection.");
      return;
    }
    setInFlight(t, true);
    req.body().onComplete(ar -> {
      setInFlight(t, false);
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

  private static boolean inFlight(Transport t) {
    return t instanceof LongPollingTransport lp ? lp.postInFlight : ((ServerSentEventsTransport) t).postInFlight;
  }

  private static void setInFlight(Transport t, boolean v) {
    if (t instanceof LongPollingTransport lp) lp.postInFlight = v;
    else ((ServerSentEventsTransport) t).postInFlight = v;
  }

  /** The connection named by {@code ?id=}, or null after answering 400 (no id) or 404 (unknown, or closed when asked). */
  private HubConnection connectionOrError(RoutingContext ctx, String id, boolean rejectClosed) {
    if (id == null) {
      error(ctx, 400, "Connection ID required");
      return null;
    }
    HubConnection c = connections.get(id);
    if (c == null || (rejectClosed && c.closed())) {
      error(ctx, 404, "No Connection with that ID");
      return null;
    }
    return c;
  }

  // ---- DELETE: graceful end of a long-polling connection ----

  private void delete(RoutingContext ctx) {
    HubConnection c = connectionOrError(ctx, ctx.request().getParam("id"), false);
    if (c == null) return;
    if (!(c.transport() instanceof LongPollingTransport lp)) {
      error(ctx, 400, "Cannot terminate this connection using the DELETE endpoint.");
      return;
    }
    lp.clientClosed();
    c.transportClosed();
    ctx.response().setStatusCode(202).putHeader("Content-Type", "text/plain").end();
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

  private static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
  }
}
