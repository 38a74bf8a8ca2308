package io.thumbnailworker.api.hub;

import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;

/**
 * Full-duplex WebSocket transport. The JSON protocol is a text transfer format, so the server sends text frames; it
 * accepts both text frames (browsers) and binary frames (the official Java client sends everything as binary).
 */
final class WebSocketTransport implements Transport {
  private static final long CLIENT_CLOSE_GRACE_MS = 5_000;
  private final io.vertx.core.Vertx vertx;
  private final ServerWebSocket ws;

  WebSocketTransport(io.vertx.core.Vertx vertx, ServerWebSocket ws, HubConnection connection) {
    this.vertx = vertx;
    this.ws = ws;
    ws.textMessageHandler(connection::receive);
    ws.binaryMessageHandler(buf -> connection.receive(buf.toString(StandardCharsets.UTF_8)));
    ws.closeHandler(v -> connection.transportClosed());
    ws.exceptionHandler(e -> connection.transportClosed());
  }

  @Override
  public String name() { return "WebSockets"; }

  @Override
  public void send(String records) {
    if (!ws.isClosed()) ws.writeTextMessage(records);
  }

  /** Closing our side at once races the client's own close frame; give it a moment to close first. */
  @Override
  public void clientClosing() {
    vertx.setTimer(CLIENT_CLOSE_GRACE_MS, id -> close());
  }

  @Override
  public void close() {
    if (!ws.isClosed()) ws.close((short) 1000);
  }
}
