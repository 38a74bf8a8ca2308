package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.JobEvent;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubAck;
import io.thumbnailworker.bus.RenderCancel;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.status.Metrics;
import io.thumbnailworker.status.Metrics.Stage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs one claimed job to its end: acknowledge on the hub → the {@link AssetProcessor} of the job's asset type (a
 * model: the {@link ModelPipeline}) → complete; any failure or cancellation → fail with a one-line message naming the
 * stage. Both reports go through the durable {@link Outbox}, to the backend that handed the job out and on its asset
 * type's route. {@code JobStarted}, {@code JobCompleted} (once the complete report is accepted) and {@code JobFailed}
 * go to the backend's event log. The temp dir is deleted on every path (unless CLEANUP_TEMP_FILES=false). Never fails
 * its returned future: it reports.
 *
 * <p>While the job runs, a heartbeat repeats the acknowledgement and adds a {@code JobProgress} event (where the
 * backend keeps an event log) three times per lease ({@link Backend#leaseMs}, at most a minute apart): the API extends
 * the lease of a holder that shows it is alive. A job given straight back (cancelled before it started) is failed
 * back without being processed; an abandoned one (its lease lost) ends without a report.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** How a job ended on this worker. */
  public enum Outcome { COMPLETED, FAILED, ABANDONED }
  /** Heartbeats at most this far apart, whatever the lease. */
  private static final long MAX_HEARTBEAT_MS = 60_000;
  private static final long MIN_HEARTBEAT_MS = 100;

  private final Vertx vertx;
  private final Supplier<WorkerConfig> config;
  private final Outbox outbox;
  private final Metrics metrics;
  private final Supplier<ApiClient> api;
  private final AssetProcessors processors;
  private final JobFolders folders;

  JobRunner(Vertx vertx, Supplier<ApiClient> api, Supplier<WorkerConfig> config, Outbox outbox, Metrics metrics,
            JobFolders folders) {
    this.folders = folders;
    this.vertx = vertx;
    this.config = config;
    this.outbox = outbox;
    this.metrics = metrics;
    this.api = api;
    this.processors = AssetProcessors.of(new ModelPipeline(vertx, metrics), new SoundProcessor(vertx),
        new TextureSetProcessor(vertx), new EnvironmentMapProcessor(vertx));
  }

  /** Runs {@code claimed}; completes when the outcome has been handed to the outbox. */
  public Future<Outcome> run(ClaimedJob claimed, JobControl control) {
    JobRun run = new JobRun(claimed, control, config.get(), api, folders, LOG);
    DequeuedJob job = claimed.job();
    run.log.info("Claimed job {} ({} {}, attemptCount {}, {} contract)", run.jobId(), job.assetType(), job.assetId(),
        job.attemptCount(), job.backend().profile());
    long started = System.currentTimeMillis();
    Promise<JsonObject> result = Promise.promise();
    if (control.isCancelled()) {
      result.fail(new JobFailure(control.reason()));     // given straight back: nothing to process
    } else {
      vertx.eventBus().send(Addresses.HUB_ACK, new HubAck(run.jobId(), run.cfg.workerId()).toJson());
      run.event(new JobEvent("JobStarted", "Processing " + job.assetType() + " " + job.assetId() + " on " + run.cfg.workerId(),
          new JsonObject().put("modelId", job.assetId()).put("modelHash", job.assetHash()), null));
      processors.forType(job.assetType()).run(run).onComplete(ar -> {   // may lose the race against a cancel: try*
        if (ar.succeeded()) result.tryComplete(ar.result());
        else result.tryFail(ar.cause());
      });
    }
    control.onCancel().onSuccess(v -> cancelled(run, control, result));
    long heartbeat = vertx.setPeriodic(heartbeatMs(job), id -> heartbeat(run));
    // counted when decided, before the report leaves: whoever sees the API's new status also sees this node's count
    return result.future()
        .compose(done -> {
          metrics.jobCompleted();
          return report(run, "complete", done).map(accepted -> {
            run.log.info("Job {} completed in {} ms: {}", run.jobId(), System.currentTimeMillis() - started, done.getString("thumbnailPath", done.getString("waveformPath")));
            if (accepted) run.event("JobCompleted", "Job completed in " + (System.currentTimeMillis() - started) + " ms");
            return Outcome.COMPLETED;
          });
        })
        .recover(err -> {
          if (control.isAbandoned()) {
            run.log.warn("Job {} stopped unreported: {}", run.jobId(), control.reason());
            return Future.succeededFuture(Outcome.ABANDONED);
          }
          String message = JobFailure.of(run.stage, err).getMessage();
          run.log.warn("Job {} failed: {}", run.jobId(), message);
          metrics.jobFailed();
          run.event(new JobEvent("JobFailed", "Job failed", null, message));
          return report(run, "fail", new JsonObject().put("errorMessage", message)).map(Outcome.FAILED);
        })
        .eventually(() -> {
          vertx.cancelTimer(heartbeat);
          return cleanup(run);
        });
  }

  /** Fails the job on a cancel unless its stage must finish: uploads only stop when hard, reports never. */
  private void cancelled(JobRun run, JobControl control, Promise<JsonObject> result) {
    // uploads may finish on a timeout; the report stage always does (the outbox owns it by then)
    boolean abortable = switch (run.stage) {
      case "upload" -> control.isHard();
      case "report" -> false;
      default -> true;
    };
    if (abortable) {
      if (run.stage.equals("render")) vertx.eventBus().publish(Addresses.RENDER_CANCEL, new RenderCancel(run.jobId()).toJson());
      result.tryFail(new JobFailure(control.reason() + " (during " + run.stage + ")"));
    }
  }

  /** A third of the job's lease, within 100 ms to a minute; a minute when the backend does not say. */
  private static long heartbeatMs(DequeuedJob job) {
    long lease = job.backend().leaseMs(job).orElse(3 * MAX_HEARTBEAT_MS);
    return Math.max(MIN_HEARTBEAT_MS, Math.min(MAX_HEARTBEAT_MS, lease / 3));
  }

  /** The holder is alive: acknowledged again on the hub, and noted in the event log, until the report stage. */
  private void heartbeat(JobRun run) {
    if (run.stage.equals("report") || run.control.isCancelled()) return;
    vertx.eventBus().send(Addresses.HUB_ACK, new HubAck(run.jobId(), run.cfg.workerId()).toJson());
    run.event("JobProgress", "Still working on it (" + run.stage + ")");
  }

  /** Hands the report to the outbox; answers whether the API accepted it at once. */
  private Future<Boolean> report(JobRun run, String kind, JsonObject body) {
    run.stage = "report";
    run.control.reporting();
    long t0 = System.currentTimeMillis();
    DequeuedJob job = run.job();
    Outbox.Report report = new Outbox.Report(run.jobId(), run.modelId(), job.assetType(), kind, run.cfg.workerId(), body,
        job.backend().profile(), run.claimed.claimedAtMs());
    return outbox.submit(report)
        .map(outcome -> {
          metrics.stage(Stage.report, System.currentTimeMillis() - t0);
          if (outcome != Outbox.Outcome.ACCEPTED) run.log.warn("{} report of job {}: {}", kind, run.jobId(), outcome);
          return outcome == Outbox.Outcome.ACCEPTED;
        })
        .recover(err -> {
          run.log.warn("Could not persist the {} report of job {}: {}", kind, run.jobId(), Errors.oneLine(err));
          return Future.succeededFuture(false);
        });
  }

  private Future<Void> cleanup(JobRun run) {
    Path dir = run.dir;
    if (dir == null || !config.get().flag(ConfigKey.CLEANUP_TEMP_FILES)) return Future.succeededFuture();
    return vertx.executeBlocking(() -> {
          FileOps.deleteRecursively(dir);
          return null;
        }, false)
        .<Void>mapEmpty()
        .recover(err -> {
          run.log.debug("Could not delete {}: {}", dir, Errors.oneLine(err));
          return Future.succeededFuture();
        });
  }
}
