package io.thumbnailworker.render;

import io.thumbnailworker.render.importer.ImportRequest;
import io.thumbnailworker.render.importer.Importer;
import io.thumbnailworker.render.scene.SceneJob;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** A submitted job while it waits in the queue and runs: its result, its cancel flag, its early model import. */
final class QueuedJob implements SceneJob {
  private final RenderJob job;
  private final BooleanSupplier engineClosing;
  final CompletableFuture<RenderResult> result = new CompletableFuture<>();
  final AtomicBoolean cancelled = new AtomicBoolean();
  /** Begun when the job was queued, by an importer that imports in this process; null otherwise. */
  private final Importer.Pending earlyImport;

  QueuedJob(RenderJob job, Importer.Pending earlyImport, BooleanSupplier engineClosing) {
    this.job = job;
    this.earlyImport = earlyImport;
    this.engineClosing = engineClosing;
  }

  @Override
  public RenderJob job() {
    return job;
  }

  @Override
  public void check(int framesDone, int frameCount) {
    if (cancelled.get() || engineClosing.getAsBoolean()) {
      throw new RenderException(RenderException.CANCELLED, "render was cancelled after " + framesDone + " of " + frameCount + " frames");
    }
    if (pastDeadline()) {
      throw new RenderException(RenderException.CANCELLED, "render passed the job deadline after " + framesDone + " of " + frameCount + " frames");
    }
  }

  @Override
  public boolean stopRequested() {
    return cancelled.get() || pastDeadline();
  }

  @Override
  public Importer.Pending modelImport(Importer importer, ImportRequest request) {
    return earlyImport != null ? earlyImport : importer.begin(request);
  }

  private boolean pastDeadline() {
    return job.deadlineEpochMs() > 0 && System.currentTimeMillis() > job.deadlineEpochMs();
  }
}
