package io.thumbnailworker.render.scene;

import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.importer.ImportRequest;
import io.thumbnailworker.render.importer.Importer;

/** One job as a scene sees it: the request, and the engine's hooks for stopping it and for its model import. */
public interface SceneJob {
  RenderJob job();

  /**
   * Called between frames: throws a CANCELLED {@link io.thumbnailworker.render.RenderException} when the job was
   * cancelled, passed its deadline, or the engine is shutting down.
   */
  void check(int framesDone, int frameCount);

  /** True once the job was cancelled or passed its deadline; polled while waiting for something that can be stopped. */
  boolean stopRequested();

  /**
   * The job's model import: the one the engine began when the job was queued (imports in this process start then, to
   * overlap the work before them), or else one begun now with {@code importer}.
   */
  Importer.Pending modelImport(Importer importer, ImportRequest request);
}
