package io.thumbnailworker.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code thumbnail.render} reply: where the WebP and the poster were written, their size and what the render took
 * ({@code timingsMs}: stage name to milliseconds; {@code load}, {@code render} and {@code encode} always present).
 * {@code sceneFacts}: a model's {@code {technicalMetadata, sceneGraph}} from the render's own import; null when not
 * taken.
 */
public record RenderReply(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                          long webpBytes, long posterBytes, Map<String, Double> timingsMs, List<String> warnings,
                          JsonObject sceneFacts) {
  public RenderReply {
    timingsMs = Map.copyOf(timingsMs);
    warnings = List.copyOf(warnings);
  }

  public RenderReply(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                     long webpBytes, long posterBytes, Map<String, Double> timingsMs, List<String> warnings) {
    this(jobId, webp, poster, width, height, frameCount, triangles, webpBytes, posterBytes, timingsMs, warnings, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("webpPath", webp.toString()).put("posterPath", poster.toString())
        .put("width", width).put("height", height).put("frameCount", frameCount).put("triangles", triangles)
        .put("webpBytes", webpBytes).put("posterBytes", posterBytes).put("timingsMs", new JsonObject(new LinkedHashMap<>(timingsMs)))
        .put("warnings", new JsonArray(warnings)).put("sceneFacts", sceneFacts);
  }

  /** @throws IllegalArgumentException when the WebP or the poster path is missing */
  public static RenderReply fromJson(JsonObject j) {
    String webp = j.getString("webpPath");
    String poster = j.getString("posterPath");
    if (webp == null || poster == null) throw new IllegalArgumentException("the render engine returned no WebP or no poster");
    Map<String, Double> timings = new LinkedHashMap<>();
    j.getJsonObject("timingsMs", new JsonObject()).forEach(e -> {
      if (e.getValue() instanceof Number n) timings.put(e.getKey(), n.doubleValue());
    });
    List<String> warnings = j.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList();
    return new RenderReply(j.getString("jobId"), Path.of(webp), Path.of(poster), j.getInteger("width", 0),
        j.getInteger("height", 0), j.getInteger("frameCount", 0), j.getLong("triangles", 0L), j.getLong("webpBytes", 0L),
        j.getLong("posterBytes", 0L), timings, warnings, j.getJsonObject("sceneFacts"));
  }
}
