package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

/**
 * {@code thumbnail.jobs.available}: a job may be waiting. A hint, never an assignment: it only starts a claim loop.
 * Every field is null in the bare "something may be waiting" hint of a poll tick or a reconnect.
 */
public record JobHint(Long jobId, Long modelId, String modelHash, String status, Long attemptCount, String createdAt) {
  /** The bare hint: {@code {}} on the bus. */
  public static JobHint any() {
    return new JobHint(null, null, null, null, null, null);
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    if (jobId == null) return j;
    return j.put("jobId", jobId).put("modelId", modelId).put("modelHash", modelHash).put("status", status)
        .put("attemptCount", attemptCount).put("createdAt", createdAt);
  }

  public static JobHint fromJson(JsonObject j) {
    if (j == null) return any();
    return new JobHint(j.getLong("jobId"), j.getLong("modelId"), j.getString("modelHash"), j.getString("status"),
        j.getLong("attemptCount"), j.getString("createdAt"));
  }
}
