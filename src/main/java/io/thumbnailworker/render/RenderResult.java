package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderReply;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished render produced. {@code sceneFacts}: a model's technical metadata and scene graph from its import
 * ({@link io.thumbnailworker.render.assimp.SceneFacts}); null for scenes without a model file.
 */
public record RenderResult(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                           long webpBytes, long posterBytes, Timings timings, List<String> warnings, JsonObject sceneFacts) {
  public RenderResult(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                      long webpBytes, long posterBytes, Timings timings, List<String> warnings) {
    this(jobId, webp, poster, width, height, frameCount, triangles, webpBytes, posterBytes, timings, warnings, null);
  }

  /** The {@code thumbnail.render} reply. */
  public RenderReply toReply() {
    return new RenderReply(jobId, webp, poster, width, height, frameCount, triangles, webpBytes, posterBytes,
        timings.toMap(), warnings, sceneFacts);
  }
}
