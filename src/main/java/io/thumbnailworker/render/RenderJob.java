package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import java.nio.file.Path;

/**
 * One render request. Outputs go to {@code outputDir/<model file name>.webp} and {@code .jpg}.
 * {@code deadlineEpochMs} is 0 for none; {@code textures} false renders with material colours only (a diagnostic:
 * tests compare both to prove textures show).
 */
public record RenderJob(String jobId, Path modelPath, String fileType, Path outputDir, RenderSettings settings,
                        long deadlineEpochMs, boolean textures) {
  public String outputBaseName() {
    return modelPath.getFileName().toString();
  }
}
