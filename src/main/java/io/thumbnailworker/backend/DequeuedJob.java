package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

/**
 * A job as a backend handed it out: what the worker needs to run and report it, the body as received (for the
 * backend's own routes, e.g. a version id) and the {@link Backend} that handed it out, which every later call about
 * the job goes to. {@code assetId} and {@code assetHash} name the asset the job is about (the model for a model job).
 */
public record DequeuedJob(long id, String assetType, long assetId, String assetHash, int attemptCount, JsonObject body,
                          Backend backend) {
  /** The asset type of a model thumbnail, and of every job of a contract that knows only those. */
  public static final String MODEL = "Model";

  /** The model's id; 0 for a job that is not about a model. */
  public long modelId() { return MODEL.equals(assetType) ? assetId : 0; }
}
