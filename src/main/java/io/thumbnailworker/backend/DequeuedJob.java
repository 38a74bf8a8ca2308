package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

/**
 * A job as the backend handed it out: what the worker needs to run and report it, and the body as received (for
 * the backend's own routes, e.g. a version id). {@code modelId} is 0 for a job that is not about a model.
 */
public record DequeuedJob(long id, String assetType, long modelId, int attemptCount, JsonObject body) {
  /** The asset type of every job of a contract that knows only model thumbnails. */
  public static final String MODEL = "Model";
}
