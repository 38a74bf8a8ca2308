package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderReply;

import java.nio.file.Path;
import java.util.List;

/** What a finished render produced. */
public record RenderResult(String jobId, Path webp, Path poster, int width, int height, int frameCount, long triangles,
                           long webpBytes, long posterBytes, Timings timings, List<String> warnings) {
  /** The {@code thumbnail.render} reply. */
  public RenderReply toReply() {
    return new RenderReply(jobId, webp, poster, width, height, frameCount, triangles, webpBytes, posterBytes,
        timings.toMap(), warnings);
  }
}
