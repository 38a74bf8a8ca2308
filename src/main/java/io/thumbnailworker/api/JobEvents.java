package io.thumbnailworker.api;

/**
 * What happens to a job that hub clients hear about. The job queue is shared by every contract the server speaks;
 * each contract announces these events on its own hub, in its own shapes and by its own rules.
 */
interface JobEvents {
  /** A model was uploaded and its job is Pending. */
  void created(JobRow job);

  /** A worker claimed the job; it is InProgress. */
  void claimed(JobRow job);

  /** The holder completed the job. */
  void completed(JobRow job);

  /** An attempt failed (reported by the worker, or its lease expired): back to Pending when {@code requeued}, else Failed. */
  void failed(JobRow job, boolean requeued);

  /** The job was put back to Pending by request, its attempts reset. */
  void retried(JobRow job);
}
