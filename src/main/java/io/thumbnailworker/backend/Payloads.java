package io.thumbnailworker.backend;

import io.thumbnailworker.bus.JobHint;
import io.thumbnailworker.bus.JobStatusChange;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;

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

  /**
   * A hub event of the job-hint kinds: {@code JobEnqueued} → a hint, {@code JobStatusChanged} → a status change whose
   * time is in {@code timeField} (the contracts name it differently); any other event is informational.
   */
  static Optional<HubEvent> jobEvent(String event, JsonObject p, String timeField) {
    return switch (event) {
      case "JobEnqueued" -> Optional.of(new HubEvent.JobAvailable(new JobHint(number(p, "jobId"), number(p, "modelId"),
          text(p, "modelHash"), text(p, "status"), number(p, "attemptCount"), text(p, "createdAt"))));
      case "JobStatusChanged" -> Optional.of(new HubEvent.StatusChanged(new JobStatusChange(number(p, "jobId"),
          text(p, "status"), text(p, "workerId"), text(p, timeField))));
      default -> Optional.empty();
    };
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
