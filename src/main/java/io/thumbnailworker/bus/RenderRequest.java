package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * {@code thumbnail.render} request: render {@code modelPath} with {@code settings} into {@code outputDir}, giving up
 * at {@code deadlineEpochMs}. Node-local, so the paths are valid for the render engine.
 */
public record RenderRequest(Long jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                            long deadlineEpochMs) {
  public RenderRequest {
    if (modelPath == null) throw new IllegalArgumentException("modelPath is missing");
    if (outputDir == null) throw new IllegalArgumentException("outputDir is missing");
    if (settings == null) throw new IllegalArgumentException("settings are missing");
  }

  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("modelPath", modelPath.toString()).put("fileType", fileType)
        .put("outputDir", outputDir.toString()).put("settings", settings.toJson()).put("deadline", deadlineEpochMs);
  }

  /**
   * Missing settings take the defaults; a missing deadline is {@code defaultDeadline}.
   * @throws IllegalArgumentException naming the field that is missing or invalid
   */
  public static RenderRequest fromJson(JsonObject j, long defaultDeadline) {
    if (j == null) throw new IllegalArgumentException("empty body");
    Long deadline = j.getLong("deadline");
    return new RenderRequest(j.getLong("jobId"), path(j, "modelPath"), j.getString("fileType"),
        path(j, "outputDir"), RenderSettings.fromJson(j.getJsonObject("settings")),
        deadline == null || deadline <= 0 ? defaultDeadline : deadline);
  }

  private static Path path(JsonObject j, String field) {
    String value = j.getString(field);
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is missing");
    return Path.of(value);
  }
}
