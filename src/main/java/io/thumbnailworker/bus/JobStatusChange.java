package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

/** {@code thumbnail.jobs.status}: the API reports that a job changed status (relayed from the hub). */
public record JobStatusChange(Long jobId, String status, String workerId, String updatedAt) {
  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("status", status).put("workerId", workerId).put("updatedAt", updatedAt);
  }

  public static JobStatusChange fromJson(JsonObject j) {
    return new JobStatusChange(j.getLong("jobId"), j.getString("status"), j.getString("workerId"), j.getString("updatedAt"));
  }
}
