package io.thumbnailworker.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that writes JSON bodies and JSON errors; a failure never reaches the client as a stack trace. */
final class HttpResponses {
  private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);

  private HttpResponses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body.encode());
  }

  static void json(RoutingContext ctx, int status, JsonArray body) {
    send(ctx, status, body.encode());
  }

  private static void send(RoutingContext ctx, int status, String body) {
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.closed()) return;
    resp.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    HttpServerResponse resp = ctx.response();
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  /** Router failure handler: ApiException as is, BodyHandler's status codes with our wording, anything else as 500. */
  static void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof ApiException e) {
      error(ctx, e.status(), e.code(), e.getMessage());
      return;
    }
    int status = ctx.statusCode();
    String what = ctx.request().method() + " " + ctx.request().path();
    switch (status) {
      case 413 -> error(ctx, 413, "payload_too_large", what + ": the request body is larger than this endpoint accepts");
      case 400 -> error(ctx, 400, "bad_request", what + ": the request could not be read"
          + (t == null || t.getMessage() == null ? "" : " (" + t.getMessage() + ")"));
      case 404 -> error(ctx, 404, "not_found", what + ": no such resource");
      case 405 -> error(ctx, 405, "method_not_allowed", what + ": method not allowed");
      case 401 -> error(ctx, 401, "unauthorized", "missing or wrong API key");
      default -> {
        if (status > 0 && status < 500) {
          error(ctx, status, "error", what + " failed with status " + status);
        } else {
          LOG.error("{} failed: {}", what, t == null ? "status " + status : t.toString(), t);
          error(ctx, 500, "internal_error", what + " failed on the server; the server log has the details");
        }
      }
    }
  }
}
