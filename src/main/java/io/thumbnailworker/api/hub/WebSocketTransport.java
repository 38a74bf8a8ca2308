package io.thumbnailworker.api.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;

/**
 * Full-duplex WebSocket transport. The JSON protocol is a text transfer format, so the server sends text frames; it
 * accepts both text frames (browsers) and binary frames (the official Java client sends everything as binary).
 */
final class WebSocketTransport implements Transport {
  private static final long CLIENT_CLOSE_GRACE_MS = 5_000;
  /**
   * Largest frame we write unless one record is larger: Vert.x's and many other clients' default limit (a backlog
   * after back-pressure can be much bigger, and each frame must hold whole records, so it is cut between records).
   */
  static final int MAX_FRAME_BYTES = 65_536;
  private final io.vertx.core.Vertx vertx;
  private final ServerWebSocket ws;

  WebSocketTransport(io.vertx.core.Vertx vertx, ServerWebSocket ws, ClientConnection connection) {
    this.vertx = vertx;
    this.ws = ws;
    ws.textMessageHandler(connection::receive);
    ws.binaryMessageHandler(buf -> connection.receive(buf.toString(StandardCharsets.UTF_8)));
    ws.closeHandler(v -> connection.transportClosed());
    ws.exceptionHandler(e -> connection.transportClosed());
    ws.drainHandler(v -> connection.flush());
  }

  @Override
  public String name() { return "WebSockets"; }

  /** Several records in one text frame, as the protocol allows; normally the whole batch is one frame. */
  @Override
  public void send(Buffer records) {
    int start = 0;
    while (start < records.length() && !ws.isClosed()) {
      int end = records.length();
      if (end - start > MAX_FRAME_BYTES) {
        end = start + MAX_FRAME_BYTES;
        while (end > start && records.getByte(end - 1) != HubProtocol.RS) end--;
        if (end == start) end = indexAfterRecord(records, start + MAX_FRAME_BYTES);   // one record over the limit
      }
      writeTextFrame(start == 0 && end == records.length() ? records : records.slice(start, end));
      start = end;
    }
  }

  private static int indexAfterRecord(Buffer b, int from) {
    for (int i = from; i < b.length(); i++) if (b.getByte(i) == HubProtocol.RS) return i + 1;
    return b.length();
  }

  /**
   * Vert.x's public API builds text frames only from a String, which would decode and re-encode the bytes per client;
   * this wraps the bytes as they are (what its own writeBinaryMessage does for binary frames).
   */
  private void writeTextFrame(Buffer utf8) {
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true));
  }

  @Override
  public boolean writeQueueFull() {
    return !ws.isClosed() && ws.writeQueueFull();
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
