package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Job events as Modelibr announces them, camelCase and to registered workers only: {@code JobEnqueued} when a job is
 * created or retried by request (not when a failed attempt puts it back to Pending: workers find those by polling),
 * and {@code JobStatusChanged} after each successful dequeue.
 */
final class ModelibrHubEvents implements JobEvents {
  private final HubServer hub;

  ModelibrHubEvents(HubServer hub) {
    this.hub = hub;
  }

  @Override
  public void created(JobRow job) {
    hub.sendToGroup(ModelibrHub.WORKERS, null, "JobEnqueued", enqueued(job));
  }

  @Override
  public void claimed(JobRow job) {
    hub.sendToGroup(ModelibrHub.WORKERS, null, "JobStatusChanged", new JsonObject()
        .put("jobId", job.id())
        .put("status", ModelibrJobs.status(job.status()))
        .put("workerId", job.assignedWorkerId())
        .put("timestamp", Instant.now().toString()));
  }

  @Override
  public void completed(JobRow job) {
    // Modelibr announces no finish
  }

  @Override
  public void failed(JobRow job, boolean requeued) {
    // nor an automatic retry
  }

  @Override
  public void retried(JobRow job) {
    hub.sendToGroup(ModelibrHub.WORKERS, null, "JobEnqueued", enqueued(job));
  }

  /** {@code {jobId, modelId, modelHash, soundId, soundHash, assetType, status, attemptCount, createdAt, timestamp}}. */
  static JsonObject enqueued(JobRow job) {
    return new JsonObject()
        .put("jobId", job.id())
        .put("modelId", job.modelId())
        .put("modelHash", job.modelHash())
        .put("soundId", job.asset().soundId())
        .put("soundHash", job.asset().soundHash())
        .put("assetType", job.asset().assetType())
        .put("status", ModelibrJobs.status(job.status()))
        .put("attemptCount", job.attemptCount())
        .put("createdAt", JobRow.iso(job.createdAt()))
        .put("timestamp", Instant.now().toString());
  }
}
