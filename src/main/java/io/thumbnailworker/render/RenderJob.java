package io.thumbnailworker.render;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * One render request. Outputs go to {@code outputDir/<model file name>.webp} and the poster to {@code .jpg} or, with
 * {@code posterFormat} {@code png}, {@code .png} (with alpha when the background is transparent).
 * {@code deadlineEpochMs} is 0 for none; {@code textures} false renders with material colours only (a diagnostic:
 * tests compare both to prove textures show). {@code materials} put texture sets in place of the model's materials.
 * {@code kind} picks the scene that draws it; {@code preview} carries what a non-model kind needs beyond
 * {@code modelPath} (its primary input file or folder), read by that kind's scene.
 */
public record RenderJob(String jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                        long deadlineEpochMs, boolean textures, String posterFormat, List<MaterialOverride> materials,
                        SceneKind kind, JsonObject preview) {
  public RenderJob {
    kind = kind == null ? SceneKind.MODEL : kind;
    preview = preview == null ? new JsonObject() : preview;
    posterFormat = posterFormat == null ? "jpeg" : posterFormat;
    if (!RenderRequest.POSTER_FORMATS.contains(posterFormat)) {
      throw new IllegalArgumentException("posterFormat '" + posterFormat + "' is not one of " + RenderRequest.POSTER_FORMATS);
    }
    materials = materials == null ? List.of() : List.copyOf(materials);
  }

  /** A model job. */
  public RenderJob(String jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                   long deadlineEpochMs, boolean textures, String posterFormat, List<MaterialOverride> materials) {
    this(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, textures, posterFormat, materials,
        SceneKind.MODEL, null);
  }

  /** A job with a JPEG poster and the model's own materials. */
  public RenderJob(String jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                   long deadlineEpochMs, boolean textures) {
    this(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, textures, "jpeg", List.of());
  }

  /** The job for a {@code thumbnail.render} request. */
  public static RenderJob of(RenderRequest r) {
    return new RenderJob(r.jobId() == null ? null : String.valueOf(r.jobId()), r.modelPath(), r.fileType(),
        r.outputDir(), r.settings(), r.deadlineEpochMs(), true, r.posterFormat(), r.materials(), SceneKind.of(r.kind()),
        r.preview());
  }

  public RenderJob withPosterFormat(String format) {
    return new RenderJob(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, textures, format, materials,
        kind, preview);
  }

  public RenderJob withMaterials(List<MaterialOverride> overrides) {
    return new RenderJob(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, textures, posterFormat, overrides,
        kind, preview);
  }

  /** The same job drawn as another kind, with that kind's parameters. */
  public RenderJob withPreview(SceneKind newKind, JsonObject parameters) {
    return new RenderJob(jobId, modelPath, fileType, outputDir, settings, deadlineEpochMs, textures, posterFormat,
        materials, newKind, parameters);
  }

  public boolean pngPoster() {
    return posterFormat.equals("png");
  }

  public String outputBaseName() {
    return modelPath.getFileName().toString();
  }

  public Path webpPath() {
    return outputDir.resolve(outputBaseName() + ".webp");
  }

  public Path posterPath() {
    return outputDir.resolve(outputBaseName() + (pngPoster() ? ".png" : ".jpg"));
  }
}
