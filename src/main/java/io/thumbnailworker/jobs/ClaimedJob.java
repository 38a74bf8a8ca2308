package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;

/**
 * A job this worker won with {@code dequeue}, and its deadline: JOB_TIMEOUT_MS after the claim, read once when the
 * claim is answered. Every limit on the job derives from it: the timeout timer, the render request's deadline and the
 * render reply's wait.
 */
public record ClaimedJob(DequeuedJob job, long claimedAtMs, long timeoutMs) {
  /** Claimed now, with {@code timeoutMs} (JOB_TIMEOUT_MS) to run. */
  public static ClaimedJob now(DequeuedJob job, long timeoutMs) {
    return new ClaimedJob(job, System.currentTimeMillis(), timeoutMs);
  }

  public long id() { return job.id(); }
  public long modelId() { return job.modelId(); }

  /** Epoch milliseconds by which the job must have ended. */
  public long deadline() { return claimedAtMs + timeoutMs; }

  /** Milliseconds left until the deadline, never negative. */
  public long remainingMs() { return Math.max(0, deadline() - System.currentTimeMillis()); }

  /** The failure message when the deadline passes (the stage is added by the runner). */
  public String timeoutReason() { return "timed out after " + timeoutMs + " ms (JOB_TIMEOUT_MS)"; }
}
