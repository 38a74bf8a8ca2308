package io.thumbnailworker.api.hub;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Long polling, the Java client's fallback. The first poll is answered at once (200, empty) to mark the connection as
 * started, as ASP.NET does: the Java client waits for it before sending its handshake. Later polls are held until
 * there is data (200 with every queued record: all the connection's batches since the last poll), or answered empty
 * after the poll timeout; once the connection has ended, a poll gets 204. The queue needs no cap of its own: a client
 * that stops polling is dropped after the disconnect timeout.
 */
final class LongPollingTransport implements Transport {
  private final Vertx vertx;
  private final long pollTimeoutMs;
  private Buffer queue = Buffer.buffer();
  private HttpServerResponse pending;
  private long pendingTimer = -1;
  private boolean initialized;
  private boolean ended;
  private long lastPollEnded = System.currentTimeMillis();

  LongPollingTransport(Vertx vertx, long pollTimeoutMs) {
    this.vertx = vertx;
    this.pollTimeoutMs = pollTimeoutMs;
  }

  @Override
  public String name() { return "LongPolling"; }

  /** A GET from the client. */
  void poll(HttpServerResponse resp) {
    if (ended) {
      if (queue.length() > 0) respond(resp, drain());
      else resp.setStatusCode(204).end();
      return;
    }
    if (!initialized) {
      initialized = true;
      respond(resp, Buffer.buffer());
      return;
    }
    if (pending != null) finish(204);                     // a newer poll supersedes the held one
    if (queue.length() > 0) {
      respond(resp, drain());
      return;
    }
    pending = resp;
    pendingTimer = vertx.setTimer(pollTimeoutMs, id -> {
      pendingTimer = -1;
      if (pending == resp) {
        pending = null;
        respond(resp, Buffer.buffer());
      }
    });
    resp.closeHandler(v -> {
      if (pending == resp) {
        pending = null;
        cancelTimer();
        lastPollEnded = System.currentTimeMillis();
      }
    });
  }

  /** How long no poll has been outstanding (0 while one is held). */
  long idleSince(long now) {
    return pending != null ? 0 : now - lastPollEnded;
  }

  @Override
  public void send(Buffer records) {
    queue.appendBuffer(records);
    if (pending != null) {
      HttpServerResponse resp = pending;
      pending = null;
      cancelTimer();
      respond(resp, drain());
    }
  }

  /** Ends the stream: a held poll gets what is queued (e.g. a Close message), else 204; later polls get 204. */
  @Override
  public void close() {
    if (ended) return;
    ended = true;
    if (pending != null) {
      if (queue.length() > 0) {
        HttpServerResponse resp = pending;
        pending = null;
        cancelTimer();
        respond(resp, drain());
      } else {
        finish(204);
      }
    }
  }

  /** DELETE from the client: the held poll is completed with 204. */
  void clientClosed() {
    queue = Buffer.buffer();
    close();
  }

  private void finish(int status) {
    HttpServerResponse resp = pending;
    pending = null;
    cancelTimer();
    if (!resp.ended() && !resp.closed()) resp.setStatusCode(status).end();
    lastPollEnded = System.currentTimeMillis();
  }

  private void respond(HttpServerResponse resp, Buffer body) {
    lastPollEnded = System.currentTimeMillis();
    if (resp.ended() || resp.closed()) {
      queue = body.appendBuffer(queue);                     // the client went away: keep the data for its next poll
      return;
    }
    resp.setStatusCode(200);
    if (body.length() > 0) resp.putHeader("Content-Type", "application/octet-stream");
    resp.putHeader("Cache-Control", "no-cache").end(body);
  }

  private Buffer drain() {
    Buffer b = queue;
    queue = Buffer.buffer();
    return b;
  }

  private void cancelTimer() {
    if (pendingTimer >= 0) {
      vertx.cancelTimer(pendingTimer);
      pendingTimer = -1;
    }
  }
}
