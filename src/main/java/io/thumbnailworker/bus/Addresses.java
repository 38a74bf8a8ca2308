package io.thumbnailworker.bus;

/**
 * Every event-bus address, in one place (design §3). Bodies are JSON objects with camelCase keys, written and read by
 * the record named beside each address.
 */
public final class Addresses {
  /** publish {@link JobHint}: a job may be waiting. */
  public static final String JOBS_AVAILABLE = "thumbnail.jobs.available";
  /** publish {@link JobStatusChange}. */
  public static final String JOBS_STATUS = "thumbnail.jobs.status";
  /** send {@link HubAck}; the hub verticle tells the API over SignalR. */
  public static final String HUB_ACK = "thumbnail.hub.ack";
  /** publish {@link HubState}. */
  public static final String HUB_STATE = "thumbnail.hub.state";
  /** local request/reply: {@link RenderRequest} → {@link RenderReply}, or a failure with a readable message. */
  public static final String RENDER = "thumbnail.render";
  /** local publish {@link RenderCancel}: the render verticle stops that job at the next frame (or kills its import). */
  public static final String RENDER_CANCEL = "thumbnail.render.cancel";
  /** local publish {@code ConfigService.Change}: {changed:[keys], restartRequired:[keys]} after a valid hot reload. */
  public static final String CONFIG_CHANGED = "thumbnail.config.changed";

  private Addresses() {}
}
