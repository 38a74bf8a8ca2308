package io.thumbnailworker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes each job event to every contract mounted on the server (each announces it on its own hub). */
final class JobEventListeners implements JobEvents {
  private static final Logger LOG = LoggerFactory.getLogger(JobEventListeners.class);
  private final List<JobEvents> listeners = new CopyOnWriteArrayList<>();

  void add(JobEvents listener) {
    listeners.add(listener);
  }

  /** Logs a failed attempt (reported or expired) and announces it. */
  void attemptFailed(JobQueries.Failure f) {
    JobRow job = f.job();
    LOG.info("Job {} failed by {}: {}{}", job.id(), job.lastWorkerId(), job.errorMessage(), f.requeued() ? " (re-queued)" : " (final)");
    failed(job, f.requeued());
  }

  @Override
  public void created(JobRow job) {
    for (JobEvents l : listeners) l.created(job);
  }

  @Override
  public void claimed(JobRow job) {
    for (JobEvents l : listeners) l.claimed(job);
  }

  @Override
  public void completed(JobRow job) {
    for (JobEvents l : listeners) l.completed(job);
  }

  @Override
  public void failed(JobRow job, boolean requeued) {
    for (JobEvents l : listeners) l.failed(job, requeued);
  }

  @Override
  public void retried(JobRow job) {
    for (JobEvents l : listeners) l.retried(job);
  }
}
