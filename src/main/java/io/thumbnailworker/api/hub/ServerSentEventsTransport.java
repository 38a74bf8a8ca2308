package io.thumbnailworker.api.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events, the server-to-client half for JavaScript and .NET clients (the Java client has no SSE). The
 * first write is the comment {@code :\r\n}, as ASP.NET sends it; each send (a connection's batch of records) is one
 * {@code data:} event.
 */
final class ServerSentEventsTransport implements Transport {
  private final HttpServerResponse resp;

  ServerSentEventsTransport(HttpServerResponse resp, ClientConnection connection) {
    this.resp = resp;
    resp.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache,no-store")
        .putHeader("Pragma", "no-cache")
        .putHeader("Content-Encoding", "identity");
    resp.write(":\r\n");
    resp.closeHandler(v -> connection.transportClosed());
    resp.drainHandler(v -> connection.flush());
  }

  @Override
  public String name() { return "ServerSentEvents"; }

  @Override
  public void send(Buffer records) {
    if (resp.ended() || resp.closed()) return;
    StringBuilder event = new StringBuilder();
    for (String line : records.toString(StandardCharsets.UTF_8).split("\r?\n", -1)) {
      event.append("data: ").append(line).append("\r\n");
    }
    resp.write(event.append("\r\n").toString());
  }

  @Override
  public boolean writeQueueFull() {
    return !resp.ended() && !resp.closed() && resp.writeQueueFull();
  }

  @Override
  public void close() {
    if (!resp.ended() && !resp.closed()) resp.end();
  }
}
