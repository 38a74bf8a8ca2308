package io.thumbnailworker.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SignalR hub (negotiate v1 + WebSockets + JSON protocol, as in reference.md §1.10) for testing the hub connector
 * without the reference API: broadcasts invocations, records AcknowledgeJob calls and auth headers, can drop
 * every connection. End-to-end tests use the real reference server.
 */
final class MiniHub {
  static final char RS = '\u001e';
  final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  final List<JsonObject> acks = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int port;

  Future<MiniHub> start(Vertx vertx, int port) {
    return vertx.createHttpServer().requestHandler(req -> {
      if (!req.path().startsWith("/hubs/thumbnail-jobs")) {
        req.response().setStatusCode(404).end();
        return;
      }
      authorizations.add(String.valueOf(req.getHeader("Authorization")));
      if (req.path().endsWith("/negotiate")) {
        String id = UUID.randomUUID().toString();
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("connectionId", id).put("connectionToken", id).put("negotiateVersion", 1)
            .put("availableTransports", new JsonArray().add(new JsonObject().put("transport", "WebSockets")
                .put("transferFormats", new JsonArray().add("Text").add("Binary")))).encode());
        return;
      }
      req.toWebSocket().onSuccess(this::attach);
    }).listen(port, "127.0.0.1").map(s -> {
      server = s;
      this.port = s.actualPort();
      return this;
    });
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
        } else if (msg.getInteger("type", 0) == 1 && "AcknowledgeJob".equals(msg.getString("target"))) {
          acks.add(msg.getJsonArray("arguments").getJsonObject(0));
          if (msg.getString("invocationId") != null) {
            ws.writeTextMessage(new JsonObject().put("type", 3).put("invocationId", msg.getString("invocationId")).encode() + RS);
          }
        } else if (msg.getInteger("type", 0) == 7) {
          ws.close();
        }
      }
    });
    ws.closeHandler(v -> sockets.remove(ws));
  }

  int port() { return port; }

  void broadcast(String target, JsonObject argument) {
    String frame = new JsonObject().put("type", 1).put("target", target).put("arguments", new JsonArray().add(argument)).encode() + RS;
    sockets.forEach(ws -> ws.writeTextMessage(frame));
  }

  /** Ends every connection the way a restarting server does. */
  void dropAll() {
    sockets.forEach(ws -> ws.close());
  }

  Future<Void> close() {
    dropAll();
    return server.close();
  }
}
