package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

/** {@code thumbnail.hub.ack}: the hub verticle tells the API over SignalR that {@code workerId} claimed the job. */
public record HubAck(long jobId, String workerId) {
  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("workerId", workerId);
  }

  /** {@code defaultWorkerId} stands in when the sender named none. */
  public static HubAck fromJson(JsonObject j, String defaultWorkerId) {
    Long id = j == null ? null : j.getLong("jobId");
    if (id == null) throw new IllegalArgumentException("hub acknowledgement without a jobId");
    return new HubAck(id, j.getString("workerId", defaultWorkerId));
  }
}
