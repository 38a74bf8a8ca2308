package io.thumbnailworker;

/** Every event-bus address, in one place (design §3). Bodies are JSON objects with camelCase keys. */
public final class Addresses {
  /** publish: {jobId, modelId, modelHash, status, attemptCount, createdAt}, or {} for "something may be waiting". */
  public static final String JOBS_AVAILABLE = "thumbnail.jobs.available";
  /** publish: {jobId, status, workerId, updatedAt}. */
  public static final String JOBS_STATUS = "thumbnail.jobs.status";
  /** send: {jobId, workerId}; the hub verticle invokes AcknowledgeJob. */
  public static final String HUB_ACK = "thumbnail.hub.ack";
  /** publish: {connected, transport, connectionId, since}. */
  public static final String HUB_STATE = "thumbnail.hub.state";
  /** local request/reply: {jobId, modelPath, fileType, settings} -> {webpPath, posterPath, width, height, frameCount, triangles, timingsMs}. */
  public static final String RENDER = "thumbnail.render";
  /** local publish: {changed:[keys], restartRequired:[keys]} after a valid hot reload. */
  public static final String CONFIG_CHANGED = "thumbnail.config.changed";
  /** local publish: {jobId}; the render verticle stops that job at the next frame (or kills its import). */
  public static final String RENDER_CANCEL = "thumbnail.render.cancel";

  private Addresses() {}
}
