package io.thumbnailworker.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SignalR hub (negotiate v1 + WebSockets + JSON protocol, as in reference.md §1.10) for testing the hub connector
 * without the reference API: records every invocation (and AcknowledgeJob's argument), answers each with a
 * completion, records auth headers, can drop every connection. In {@code registration} mode it behaves like
 * Modelibr's hub: broadcasts reach only connections that invoked {@code RegisterWorker}. It serves its own port, or
 * requests handed to {@link #handle} by a bigger fake. End-to-end tests use the real reference server.
 */
public final class MiniHub {
  static final char RS = '\u001e';
  public final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  /** AcknowledgeJob's single argument, per call. */
  public final List<JsonObject> acks = new CopyOnWriteArrayList<>();
  /** Every invocation: {@code {target, arguments}}. */
  public final List<JsonObject> invocations = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Set<ServerWebSocket> registered = ConcurrentHashMap.newKeySet();
  /** How many connections to close right after their RegisterWorker was answered (a server restarting then). */
  public volatile int closeAfterRegistering;
  private final String path;
  private final boolean registration;
  private HttpServer server;
  private int port;

  /** The spec hub: {@code /hubs/thumbnail-jobs}, broadcasts to every connection. */
  public MiniHub() {
    this("/hubs/thumbnail-jobs", false);
  }

  public MiniHub(String path, boolean registration) {
    this.path = path;
    this.registration = registration;
  }

  Future<MiniHub> start(Vertx vertx, int port) {
    return vertx.createHttpServer().requestHandler(req -> {
      if (!handle(req)) req.response().setStatusCode(404).end();
    }).listen(port, "127.0.0.1").map(s -> {
      server = s;
      this.port = s.actualPort();
      return this;
    });
  }

  /** Serves {@code req} when it is for this hub's path; false otherwise (the caller answers it). */
  public boolean handle(HttpServerRequest req) {
    if (!req.path().startsWith(path)) return false;
    authorizations.add(String.valueOf(req.getHeader("Authorization")));
    if (req.path().endsWith("/negotiate")) {
      String id = UUID.randomUUID().toString();
      req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("connectionId", id).put("connectionToken", id).put("negotiateVersion", 1)
          .put("availableTransports", new JsonArray().add(new JsonObject().put("transport", "WebSockets")
              .put("transferFormats", new JsonArray().add("Text").add("Binary")))).encode());
      return true;
    }
    req.toWebSocket().onSuccess(this::attach);
    return true;
  }

  private void attach(ServerWebSocket ws) {
    boolean[] handshake = {false};
    ws.handler(buf -> {
      for (String rec : buf.toString().split(String.valueOf(RS))) {
        if (rec.isBlank()) continue;
        JsonObject msg = new JsonObject(rec);
        if (!handshake[0]) {
          handshake[0] = true;
          ws.writeTextMessage("{}" + RS);
          sockets.add(ws);
        } else if (msg.getInteger("type", 0) == 1) {
          invoked(ws, msg);
        } else if (msg.getInteger("type", 0) == 7) {
          ws.close();
        }
      }
    });
    ws.closeHandler(v -> {
      sockets.remove(ws);
      registered.remove(ws);
    });
  }

  private void invoked(ServerWebSocket ws, JsonObject msg) {
    String target = msg.getString("target");
    invocations.add(new JsonObject().put("target", target).put("arguments", msg.getJsonArray("arguments")));
    if ("AcknowledgeJob".equals(target)) acks.add(msg.getJsonArray("arguments").getJsonObject(0));
    if ("RegisterWorker".equals(target)) registered.add(ws);
    if ("UnregisterWorker".equals(target)) registered.remove(ws);
    if (msg.getString("invocationId") != null) {
      ws.writeTextMessage(new JsonObject().put("type", 3).put("invocationId", msg.getString("invocationId")).encode() + RS);
    }
    if ("RegisterWorker".equals(target) && closeAfterRegistering > 0) {
      closeAfterRegistering--;
      ws.close();
    }
  }

  /** Invocations of {@code target} so far. */
  public List<JsonObject> invocations(String target) {
    return invocations.stream().filter(i -> target.equals(i.getString("target"))).toList();
  }

  int port() { return port; }

  /** Sends {@code target(argument)} to every connection (in registration mode: every registered one). */
  public void broadcast(String target, JsonObject argument) {
    String frame = new JsonObject().put("type", 1).put("target", target).put("arguments", new JsonArray().add(argument)).encode() + RS;
    (registration ? List.copyOf(registered) : sockets).forEach(ws -> ws.writeTextMessage(frame));
  }

  /** Connections that registered and are still open. */
  public int registeredConnections() { return registered.size(); }

  /** Ends every connection the way a restarting server does. */
  public void dropAll() {
    sockets.forEach(ws -> ws.close());
  }

  Future<Void> close() {
    dropAll();
    return server.close();
  }
}
