package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;

/**
 * A dequeue answer that names a job (its id, and a type the backend has a report route for) that the worker cannot
 * process, e.g. a Model job without a model id: the scheduler fails it back with this message at once, rather than
 * leaving it to run out its lease.
 */
final class UnusableJob extends JobFailure {
  private final transient DequeuedJob job;

  UnusableJob(DequeuedJob job, String message) {
    super(message);
    this.job = job;
  }

  /** The job as far as it could be read: its id, asset type, attempt count and body; asset id 0. */
  DequeuedJob job() { return job; }
}
