package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

/**
 * A job failed for a reason that retrying the same call cannot fix. The message is what the API records as the job's
 * errorMessage: one line, stage first ("download: …", "render: …").
 */
public class JobFailure extends RuntimeException {
  public JobFailure(String message) {
    super(message, null, false, false);
  }

  /** Prefixes a stage name unless the cause already is a JobFailure (which carries its own). */
  public static JobFailure of(String stage, Throwable cause) {
    if (cause instanceof JobFailure f) return f;
    return new JobFailure(stage + ": " + Errors.oneLine(cause));
  }
}
