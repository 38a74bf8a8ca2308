package io.thumbnailworker.render.importer;

import java.nio.file.Path;

/**
 * One model to import.
 *
 * @param fileType the type the file was uploaded as (e.g. {@code glb}), used when its name has no or another
 *                 extension; may be null
 * @param maxTriangles a model with more triangles is refused
 * @param drawBudget meshes above this many triangles are simplified (see {@link #drawBudget(int, int)});
 *                   {@link Long#MAX_VALUE} keeps every triangle
 * @param timeoutMs the longest an import may take where the importer can stop it (the child process)
 * @param deadlineEpochMs the job's deadline, which shortens the timeout when it comes first; 0 for none
 */
public record ImportRequest(Path model, String fileType, long maxTriangles, long drawBudget, long timeoutMs,
                            long deadlineEpochMs) {
  /**
   * Triangles worth drawing in a frame of this size: one per 4 pixels, at least 16,384. Sub-pixel triangles cost
   * llvmpipe far more than they add to a thumbnail (multisampling even more), so denser meshes are simplified.
   */
  public static long drawBudget(int width, int height) {
    return Math.max(16_384L, (long) width * height / 4);
  }

  /** The time this import may still take: the timeout, or what is left until the deadline when that is sooner. */
  long remainingMs(long nowEpochMs) {
    return deadlineEpochMs > 0 ? Math.min(timeoutMs, Math.max(1, deadlineEpochMs - nowEpochMs)) : timeoutMs;
  }
}
