package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;

/**
 * A dequeue answer that names a job (a numeric id) the worker cannot process, e.g. a Model job without a model id.
 * When its asset type has a report route, the scheduler fails it back with this message at once, rather than leaving
 * it to run out its lease; when it has none ({@link #job()} null), it is left to its lock. Either way the claim loop
 * goes on: the answer was read, and the next job may be one the worker can run.
 */
final class UnusableJob extends JobFailure {
  private final transient DequeuedJob job;

  UnusableJob(DequeuedJob job, String message) {
    super(message);
    this.job = job;
  }

  /** The job as far as it could be read (its id, asset type, attempt count and body; asset id 0), or null when it cannot be reported on. */
  DequeuedJob job() { return job; }
}
