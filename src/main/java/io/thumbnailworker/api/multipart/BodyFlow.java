package io.thumbnailworker.api.multipart;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Pauses and resumes a request's body on the server's behalf (its own back-pressure, a test's stall), telling whoever
 * times slow senders: while the server holds the body back, the sender is not slow. The server's connection guard puts
 * one on each routing context; without one, the request is paused and resumed plainly.
 */
public interface BodyFlow {
  /** The routing-context key under which the connection guard leaves the request's flow. */
  String KEY = "io.thumbnailworker.bodyFlow";

  void pause();

  void resume();

  /** The flow the connection guard left for this request, or a plain one. */
  static BodyFlow of(RoutingContext ctx) {
    BodyFlow flow = ctx.get(KEY);
    return flow != null ? flow : plain(ctx.request());
  }

  /** Pauses and resumes the request, telling no one. */
  static BodyFlow plain(HttpServerRequest req) {
    return new BodyFlow() {
      @Override
      public void pause() {
        req.pause();
      }

      @Override
      public void resume() {
        req.resume();
      }
    };
  }
}
