package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

/** {@code thumbnail.render.cancel}: stop rendering this job at the next frame (or kill its import). */
public record RenderCancel(long jobId) {
  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId);
  }

  public static RenderCancel fromJson(JsonObject j) {
    Long id = j == null ? null : j.getLong("jobId");
    if (id == null) throw new IllegalArgumentException("render cancel without a jobId");
    return new RenderCancel(id);
  }
}
