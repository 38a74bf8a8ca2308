package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Field lookups in hub payloads that do not depend on the case of the names: a server may write PascalCase (the
 * spec, our reference hub) or camelCase (ASP.NET Core's default). Values of the wrong type read as null.
 */
final class Payloads {
  private Payloads() {}

  static Object field(JsonObject p, String name) {
    if (p == null) return null;
    Object v = p.getValue(name);
    if (v != null) return v;
    for (Map.Entry<String, Object> entry : p) {
      if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue();
    }
    return null;
  }

  /** A whole number, also from a numeric string; null when absent or not a number. */
  static Long number(JsonObject p, String name) {
    Object v = field(p, name);
    if (v instanceof Number n) return n.longValue();
    if (v instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The value as text (numbers and nested JSON included); null when absent. */
  static String text(JsonObject p, String name) {
    Object v = field(p, name);
    if (v == null) return null;
    if (v instanceof JsonObject o) return o.encode();
    if (v instanceof io.vertx.core.json.JsonArray a) return a.encode();
    return v.toString();
  }
}
