package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.JobEvent;
import io.thumbnailworker.config.WorkerConfig;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One job in flight, shared by {@link JobRunner} and the job's {@link AssetProcessor}: the claim, its cancellation,
 * the config snapshot taken when it started, the stage it is in (for cancellation and failure messages), its temp
 * dir (in this process's {@link JobFolders}), and the API client (read per call, so a rebuilt client serves the job's later stages).
 */
final class JobRun {
  final ClaimedJob claimed;
  final JobControl control;
  final WorkerConfig cfg;
  final JobLog log;
  private final Supplier<ApiClient> api;
  private final JobFolders folders;
  volatile String stage = "ack";
  volatile Path dir;

  JobRun(ClaimedJob claimed, JobControl control, WorkerConfig cfg, Supplier<ApiClient> api, JobFolders folders, Logger logger) {
    this.folders = folders;
    this.claimed = claimed;
    this.control = control;
    this.cfg = cfg;
    this.api = api;
    this.log = new JobLog(logger, claimed.id(), claimed.modelId());
  }

  long jobId() { return claimed.id(); }
  long modelId() { return claimed.modelId(); }
  DequeuedJob job() { return claimed.job(); }

  /** A new temp dir name for this job (not created yet); set {@link #dir} to it so that it is removed at the end. */
  Path newDir() { return folders.newJobDir(jobId()); }

  /** The API client, with retries logged under this job. */
  ApiClient client() { return api.get().forJob(jobId(), modelId()); }

  /** Adds a note to the job's event log, when its backend keeps one; never waits and never fails. */
  void event(JobEvent event) {
    api.get().postEvent(job(), event);
  }

  void event(String type, String message) {
    event(JobEvent.of(type, message));
  }
}
