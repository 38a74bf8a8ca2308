package io.thumbnailworker.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request values (path ids, query limits, JSON bodies and their fields); anything malformed is a 400 naming it. */
final class RequestParams {
  static final String WORKER_HEADER = "X-Worker-Id";

  private RequestParams() {}

  /** A numeric path id; 400 when not a number (an unknown number is the handler's 404). */
  static long id(RoutingContext ctx, String name, String what) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id <= 0) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(what + " id '" + raw + "' is not a positive number");
    }
  }

  /** The {@code limit} query value, 1 to {@code max}; {@code dflt} when absent. */
  static int limit(RoutingContext ctx, int dflt, int max) {
    String raw = ctx.request().getParam("limit");
    if (raw == null) return dflt;
    try {
      int n = Integer.parseInt(raw);
      if (n < 1 || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be an integer between 1 and " + max + ", got '" + raw + "'");
    }
  }

  /** The JSON body, {} when empty; 400 when malformed or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.length() == 0 || body.asString().isBlank()) return new JsonObject();
    try {
      Object parsed = Json.decodeValue(body.buffer());
      if (parsed instanceof JsonObject o) return o;
      throw ApiException.badRequest("the request body must be a JSON object");
    } catch (DecodeException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /** workerId from the body, else the X-Worker-Id header; null when neither names one. */
  static String workerId(RoutingContext ctx, JsonObject body) {
    Object v = body.getValue("workerId");
    if (v != null && !(v instanceof String)) throw ApiException.badRequest("workerId must be a string");
    String fromBody = (String) v;
    if (fromBody != null && !fromBody.isBlank()) return fromBody.trim();
    String header = ctx.request().getHeader(WORKER_HEADER);
    return header == null || header.isBlank() ? null : header.trim();
  }

  static String optString(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof String s)) throw ApiException.badRequest(key + " must be a string");
    return s;
  }

  static Long optLong(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof Number n) || n.longValue() < 0) throw ApiException.badRequest(key + " must be a non-negative number");
    return n.longValue();
  }

  static Integer optInt(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof Number n) || n.intValue() < 0) throw ApiException.badRequest(key + " must be a non-negative integer");
    return n.intValue();
  }
}
