package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Cancellation for one job: JOB_TIMEOUT_MS or shutdown calls {@link #cancel}, a lost lease {@link #abandon}; the
 * running stage (download, render) listens to {@link #onCancel()} and aborts its own work, and later stages check
 * {@link #check()} before they start.
 */
public final class JobControl {
  private final Promise<Void> cancelled = Promise.promise();
  private volatile String reason;
  private volatile boolean hard;
  private volatile boolean abandoned;
  private volatile boolean reporting;

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

  /**
   * The job is another worker's now (its lease here was lost): a hard cancel, after which nothing is reported, since
   * any report would land on the new holder's claim.
   */
  public void abandon(String why) {
    if (reason != null) return;
    abandoned = true;
    cancel(why, true);
  }

  /** The outcome is decided and on its way to the API: the job can no longer take on a new claim of itself. */
  public void reporting() { reporting = true; }
  public boolean isReporting() { return reporting; }

  public boolean isHard() { return hard; }
  public boolean isAbandoned() { return abandoned; }

  public boolean isCancelled() { return reason != null; }
  public String reason() { return reason; }
  public Future<Void> onCancel() { return cancelled.future(); }

  /** Throws the cancellation as a JobFailure when cancelled; a cheap guard between stages. */
  public void check() {
    if (reason != null) throw new JobFailure(reason);
  }
}
