package io.thumbnailworker.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code thumbnail.render} request: render {@code modelPath} with {@code settings} into {@code outputDir}, giving up
 * at {@code deadlineEpochMs}. Node-local, so the paths are valid for the render engine. The poster still is written
 * as {@code posterFormat} ({@code jpeg} or {@code png}); {@code materials} replace the model's own materials by name.
 * {@code kind} names what is drawn ({@code model}, {@code textureSet}, {@code environmentMap}; model when absent) and
 * {@code preview} holds that kind's parameters; for those kinds {@code modelPath} is the primary input.
 */
public record RenderRequest(Long jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                            long deadlineEpochMs, String posterFormat, List<MaterialOverride> materials,
                            String kind, JsonObject preview) {
  public static final List<String> POSTER_FORMATS = List.of("jpeg", "png");

  public RenderRequest {
    kind = SceneKind.of(kind).wireName;
    preview = preview == null ? new JsonObject() : preview;
    if (modelPath == null) throw new IllegalArgumentException("modelPath is missing");
    if (outputDir == null) throw new IllegalArgumentException("outputDir is missing");
    if (settings == null) throw new IllegalArgumentException("settings are missing");
    posterFormat = posterFormat == null ? "jpeg" : posterFormat;
    if (!POSTER_FORMATS.contains(posterFormat)) throw new IllegalArgumentException("posterFormat '" + posterFormat + "' is not one of " + POSTER_FORMATS);
    materials = materials == null ? List.of() : List.copyOf(materials);
  }

  /** A model request. */
  public RenderRequest(Long jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                       long deadlineEpochMs, String posterFormat, List<MaterialOverride> materials) {
    this(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, posterFormat, materials, null, null);
  }

  /** A request for a JPEG poster and the model's own materials. */
  public RenderRequest(Long jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                       long deadlineEpochMs) {
    this(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, "jpeg", List.of());
  }

  public JsonObject toJson() {
    return new JsonObject().put("jobId", jobId).put("modelPath", modelPath.toString()).put("fileType", fileType)
        .put("outputDir", outputDir.toString()).put("settings", settings.toJson()).put("deadline", deadlineEpochMs)
        .put("posterFormat", posterFormat)
        .put("materials", new JsonArray(materials.stream().map(MaterialOverride::toJson).toList()))
        .put("kind", kind).put("preview", preview);
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
        deadline == null || deadline <= 0 ? defaultDeadline : deadline, j.getString("posterFormat"),
        j.getJsonArray("materials", new JsonArray()).stream().map(o -> MaterialOverride.fromJson((JsonObject) o)).toList(),
        j.getString("kind"), j.getJsonObject("preview"));
  }

  private static Path path(JsonObject j, String field) {
    String value = j.getString(field);
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is missing");
    return Path.of(value);
  }
}
