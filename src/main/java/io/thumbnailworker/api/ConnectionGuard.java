package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.BodyFlow;
import io.thumbnailworker.api.multipart.MultipartUpload;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it ({@link ConnectionTimeouts}):
 *
 * <ul>
 *   <li>a new connection whose first request headers are not complete within the header time (silent, or trickling);</li>
 *   <li>a kept-alive connection with no request for the idle time, even if it trickles the next request's headers;</li>
 *   <li>a request body (an upload) that arrives slower than the minimum rate over a window, not counting the time the
 *   server itself holds the body back ({@link BodyFlow});</li>
 *   <li>any connection with no byte either way for the idle time (Vert.x's own idle timeout, set on the server).</li>
 * </ul>
 *
 * A request is in flight until its response's last byte is written; while one is, only the idle time and the body rate
 * apply, so long polls, Server-Sent Events and WebSockets (an upgraded request stays in flight) live on as long as the
 * hub's keep-alives flow: {@link ApiOptions#hubSettings()} keeps them well inside the idle time. An upload cut off here
 * has its scratch files deleted by its own handler ({@code MultipartUpload}). One instance serves one HTTP server;
 * everything runs on that server's event loop.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ConnectionTimeouts limits;
  private final Map<HttpConnection, Watched> connections = new HashMap<>();
  private long timer = -1;

  ConnectionGuard(Vertx vertx, ConnectionTimeouts limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /**
   * The server options with Vert.x's idle timeout (no byte either way) set to the idle time, and HTTP/1.x only: with
   * cleartext HTTP/2 on, Vert.x waits for a connection's first bytes to tell the protocols apart and only then makes it a
   * connection, so a silent one would never reach {@link #opened}. No client of this server speaks h2c.
   */
  HttpServerOptions apply(HttpServerOptions options) {
    return options.setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeoutMs())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /** Starts looking, every {@link ConnectionTimeouts#tickMs()}. */
  void start() {
    timer = vertx.setPeriodic(limits.tickMs(), id -> sweep());
  }

  void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    connections.clear();
  }

  /** For {@code HttpServer.connectionHandler}: a new connection, whose headers are now awaited. */
  void opened(HttpConnection connection) {
    connections.put(connection, new Watched(connection, now()));
    connection.closeHandler(v -> connections.remove(connection));
  }

  /** The first route of the router: the request is in flight from now on, and its body flow is the guard's. */
  Handler<RoutingContext> requests() {
    return ctx -> {
      Watched w = connections.get(ctx.request().connection());
      if (w != null) {
        Receiving r = new Receiving(ctx.request(), now());
        w.inFlight.add(r);
        w.served = true;
        ctx.put(BodyFlow.KEY, r);
        ctx.addBodyEndHandler(v -> r.done = true);          // the last byte written, not merely handed over
      }
      ctx.next();
    };
  }

  private void sweep() {
    long now = now();
    for (Watched w : new ArrayList<>(connections.values())) {
      String why = w.check(now);
      if (why != null) {
        connections.remove(w.connection);
        if (w.inFlight.isEmpty()) LOG.debug("Closing the connection from {}: {}", w.connection.remoteAddress(), why);
        else LOG.info("Closing the connection from {}: {}", w.connection.remoteAddress(), why);
        w.connection.close();
      }
    }
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  /** One connection: when it last had nothing in flight, and what it has in flight. */
  private final class Watched {
    final HttpConnection connection;
    final List<Receiving> inFlight = new ArrayList<>();
    long idleSince;
    boolean served;

    Watched(HttpConnection connection, long now) {
      this.connection = connection;
      this.idleSince = now;
    }

    /** Why the connection must go now, or null. */
    String check(long now) {
      int before = inFlight.size();
      inFlight.removeIf(r -> r.done || r.req.response().closed());
      if (inFlight.isEmpty()) {
        if (before > 0) idleSince = now;
        long waited = now - idleSince;
        if (!served && waited >= limits.headerTimeoutMs()) {
          return "no complete request headers within " + limits.headerTimeoutMs() + " ms";
        }
        if (served && waited >= limits.idleTimeoutMs()) return "no new request within " + limits.idleTimeoutMs() + " ms";
        return null;
      }
      for (Receiving r : inFlight) {
        String slow = r.tooSlow(now);
        if (slow != null) return slow;
      }
      return null;
    }
  }

  /** One request in flight: its body's progress, measured while the server is not holding it back. */
  private final class Receiving implements BodyFlow {
    final HttpServerRequest req;
    final long declared;
    final boolean hasBody;
    boolean done;
    int held;
    long last;
    long active;
    long bytesAtStart;

    Receiving(HttpServerRequest req, long now) {
      this.req = req;
      this.declared = MultipartUpload.declaredLength(req);
      this.hasBody = declared > 0 || "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
      this.last = now;
    }

    /** Why the body is too slow, or null; judged once per window of time the body was wanted. */
    String tooSlow(long now) {
      long dt = now - last;
      last = now;
      if (!hasBody || limits.minUploadBytesPerS() == 0 || req.isEnded() || held > 0) return null;
      active += dt;
      if (active < limits.uploadRateWindowMs()) return null;
      long read = req.bytesRead();
      long got = read - bytesAtStart;
      long need = limits.minUploadBytesPerS() * active / 1000;
      if (declared > 0) need = Math.min(need, declared - bytesAtStart);
      String why = got >= need ? null : req.method() + " " + req.path() + ": " + got + " body bytes in " + active
          + " ms, below the minimum of " + limits.minUploadBytesPerS() + " bytes/s (" + read + " of "
          + (declared > 0 ? String.valueOf(declared) : "?") + " received)";
      bytesAtStart = read;
      active = 0;
      return why;
    }

    @Override
    public void pause() {
      if (held++ == 0) req.pause();
    }

    @Override
    public void resume() {
      if (--held == 0) req.resume();
    }
  }

}
