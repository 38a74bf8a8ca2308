package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Cancellation for one job: JOB_TIMEOUT_MS or shutdown calls {@link #cancel}; the running stage (download, render)
 * listens to {@link #onCancel()} and aborts its own work, and later stages check {@link #check()} before they start.
 */
public final class JobControl {
  private final Promise<Void> cancelled = Promise.promise();
  private volatile String reason;
  private volatile boolean hard;

  /** Soft cancel (JOB_TIMEOUT_MS): aborts download and render; an upload already running may finish. */
  public void cancel(String why) {
    cancel(why, false);
  }

  /** First reason wins; a hard cancel (shutdown) also aborts uploads. */
  public void cancel(String why, boolean hard) {
    if (reason != null) return;
    this.hard = hard;
    reason = why;
    cancelled.tryComplete();
  }

  public boolean isHard() { return hard; }

  public boolean isCancelled() { return reason != null; }
  public String reason() { return reason; }
  public Future<Void> onCancel() { return cancelled.future(); }

  /** Throws the cancellation as a JobFailure when cancelled; a cheap guard between stages. */
  public void check() {
    if (reason != null) throw new JobFailure(reason);
  }
}
