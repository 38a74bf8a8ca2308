package io.thumbnailworker.api.hub;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST {hub}/negotiate}: opens a connection and lists the transports the client may use. Negotiate version 1
 * answers a connectionToken (the {@code ?id=} of later requests) distinct from the connectionId; version 0 (no
 * {@code negotiateVersion} asked) uses the connectionId as the id.
 */
final class Negotiation implements Handler<RoutingContext> {
  private final ConnectionRegistry connections;

  Negotiation(ConnectionRegistry connections) {
    this.connections = connections;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (connections.closed()) {
      HubEndpoints.error(ctx, 503, "The server is shutting down.");
      return;
    }
    int requested;
    try {
      String v = ctx.request().getParam("negotiateVersion");
      requested = v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "The 'negotiateVersion' query value is not a number.").encode());
      return;
    }
    int version = Math.min(Math.max(requested, 0), 1);
    ClientConnection c = connections.open(version >= 1);
    JsonObject body = new JsonObject().put("connectionId", c.connectionId);
    if (version >= 1) body.put("connectionToken", c.token);
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
}
