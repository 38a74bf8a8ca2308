package io.thumbnailworker.jobs;

import io.thumbnailworker.config.WorkerConfig;
import org.slf4j.Logger;

import java.nio.file.Path;

/**
 * One job in flight, shared by {@link JobRunner} and {@link ModelPipeline}: the claim, its cancellation, the config
 * snapshot taken when it started, the stage it is in (for cancellation and failure messages) and its temp dir.
 */
final class JobRun {
  final ClaimedJob claimed;
  final JobControl control;
  final WorkerConfig cfg;
  final JobLog log;
  volatile String stage = "ack";
  volatile Path dir;

  JobRun(ClaimedJob claimed, JobControl control, WorkerConfig cfg, Logger logger) {
    this.claimed = claimed;
    this.control = control;
    this.cfg = cfg;
    this.log = new JobLog(logger, claimed.id(), claimed.modelId());
  }

  long jobId() { return claimed.id(); }
  long modelId() { return claimed.modelId(); }
}
