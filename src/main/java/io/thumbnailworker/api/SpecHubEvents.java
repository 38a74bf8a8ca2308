package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.json.JsonObject;

/**
 * Job events as the spec contract (design §2) announces them on its hub: {@code JobEnqueued} when a job becomes
 * Pending (upload, re-queue after a failed attempt, retry) and {@code JobStatusChanged} on every later state change,
 * both with PascalCase fields as the spec shows. The spec knows only model jobs: jobs of other asset types (created
 * through Modelibr's routes) are not announced here.
 */
final class SpecHubEvents implements JobEvents {
  private final HubServer hub;

  SpecHubEvents(HubServer hub) {
    this.hub = hub;
  }

  @Override
  public void created(JobRow job) {
    if (!job.isModel()) return;
    hub.broadcast("JobEnqueued", enqueued(job));
  }

  @Override
  public void claimed(JobRow job) {
    if (!job.isModel()) return;
    hub.broadcast("JobStatusChanged", statusChanged(job));
  }

  @Override
  public void completed(JobRow job) {
    if (!job.isModel()) return;
    hub.broadcast("JobStatusChanged", statusChanged(job));
  }

  @Override
  public void failed(JobRow job, boolean requeued) {
    if (!job.isModel()) return;
    hub.broadcast("JobStatusChanged", statusChanged(job));
    if (requeued) hub.broadcast("JobEnqueued", enqueued(job));
  }

  @Override
  public void retried(JobRow job) {
    if (!job.isModel()) return;
    hub.broadcast("JobStatusChanged", statusChanged(job));
    hub.broadcast("JobEnqueued", enqueued(job));
  }

  /** {@code JobEnqueued {JobId, ModelId, ModelHash, Status, AttemptCount, CreatedAt}}. */
  static JsonObject enqueued(JobRow job) {
    return new JsonObject()
        .put("JobId", job.id())
        .put("ModelId", job.modelId())
        .put("ModelHash", job.modelHash())
        .put("Status", job.status())
        .put("AttemptCount", job.attemptCount())
        .put("CreatedAt", JobRow.iso(job.createdAt()));
  }

  /** {@code JobStatusChanged {JobId, Status, WorkerId, UpdatedAt}}; the worker is the holder, or the last one. */
  static JsonObject statusChanged(JobRow job) {
    return new JsonObject()
        .put("JobId", job.id())
        .put("Status", job.status())
        .put("WorkerId", job.assignedWorkerId() != null ? job.assignedWorkerId() : job.lastWorkerId())
        .put("UpdatedAt", JobRow.iso(job.updatedAt()));
  }
}
