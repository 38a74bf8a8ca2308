package io.thumbnailworker.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/** What a finished render produced. */
public record RenderResult(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                           long webpBytes, long posterBytes, Timings timings, List<String> warnings) {
  /** The {@code thumbnail.render} reply body. */
  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("webpPath", webp.toString()).put("posterPath", poster.toString())
        .put("width", width).put("height", height).put("frameCount", frameCount).put("triangles", triangles)
        .put("webpBytes", webpBytes).put("posterBytes", posterBytes).put("timingsMs", timings.toJson())
        .put("warnings", new JsonArray(List.copyOf(warnings)));
  }
}
