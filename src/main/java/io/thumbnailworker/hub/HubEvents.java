package io.thumbnailworker.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.thumbnailworker.bus.JobHint;
import io.thumbnailworker.bus.JobStatusChange;

import java.util.Map;

/**
 * Hub payloads → event-bus messages. The server may write PascalCase (the spec, our reference
 * hub) or camelCase (ASP.NET Core's default), so fields are looked up without regard to case.
 */
public final class HubEvents {
  private HubEvents() {}

  public static JobHint jobEnqueued(JsonObject p) {
    return new JobHint(number(p, "jobId"), number(p, "modelId"), text(p, "modelHash"), text(p, "status"),
        number(p, "attemptCount"), text(p, "createdAt"));
  }

  public static JobStatusChange jobStatusChanged(JsonObject p) {
    return new JobStatusChange(number(p, "jobId"), text(p, "status"), text(p, "workerId"), text(p, "updatedAt"));
  }

  /** The {@code AcknowledgeJob} argument, PascalCase as the spec shows it. */
  public static JsonObject acknowledge(long jobId, String workerId) {
    JsonObject o = new JsonObject();
    o.addProperty("JobId", jobId);
    o.addProperty("WorkerId", workerId);
    return o;
  }

  static JsonElement field(JsonObject p, String name) {
    if (p == null) return null;
    JsonElement e = p.get(name);
    if (e != null) return e;
    for (Map.Entry<String, JsonElement> entry : p.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) return entry.getValue();
    }
    return null;
  }

  private static Long number(JsonObject p, String name) {
    JsonElement e = field(p, name);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) return null;
    try {
      return e.getAsLong();
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  private static String text(JsonObject p, String name) {
    JsonElement e = field(p, name);
    return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }
}
