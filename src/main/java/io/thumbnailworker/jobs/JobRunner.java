package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubAck;
import io.thumbnailworker.bus.RenderCancel;
import io.thumbnailworker.bus.RenderReply;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.thumbnailworker.status.Metrics.Stage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one claimed job to its end: acknowledge → download → unzip (zips only) → render → upload WebP and poster →
 * complete; any failure → fail with a one-line message. Both reports go through the durable {@link Outbox}. The temp
 * dir is deleted on every path (unless CLEANUP_TEMP_FILES=false). Never fails its returned future: it reports.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** How a job ended on this worker. */
  public enum Outcome { COMPLETED, FAILED }

  private final Vertx vertx;
  private final Supplier<ApiClient> api;
  private final Supplier<WorkerConfig> config;
  private final Outbox outbox;
  private final Metrics metrics;

  public JobRunner(Vertx vertx, Supplier<ApiClient> api, Supplier<WorkerConfig> config, Outbox outbox, Metrics metrics) {
    this.vertx = vertx;
    this.api = api;
    this.config = config;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /** One job in flight: its claim, control and current stage. */
  private final class Run {
    final long jobId;
    final long modelId;
    final JobControl control;
    final JobLog log;
    final WorkerConfig cfg = config.get();
    final long deadline;
    volatile String stage = "ack";
    Path dir;

    Run(JsonObject job, JobControl control) {
      this.jobId = job.getLong("id");
      this.modelId = job.getLong("modelId");
      this.control = control;
      this.log = new JobLog(LOG, jobId, modelId);
      this.deadline = System.currentTimeMillis() + cfg.integer(ConfigKey.JOB_TIMEOUT_MS);
    }
  }

  /** Runs {@code job} (the dequeue answer); completes when the outcome has been handed to the outbox. */
  public Future<Outcome> run(JsonObject job, JobControl control) {
    Run run = new Run(job, control);
    run.log.info("Claimed job {} (model {}, attemptCount {})", run.jobId, run.modelId, job.getInteger("attemptCount", 0));
    vertx.eventBus().send(Addresses.HUB_ACK, new HubAck(run.jobId, run.cfg.workerId()).toJson());
    long started = System.currentTimeMillis();
    Promise<JsonObject> result = Promise.promise();
    pipeline(run).onComplete(ar -> {                 // may lose the race against a cancel: try*, not complete
      if (ar.succeeded()) result.tryComplete(ar.result());
      else result.tryFail(ar.cause());
    });
    control.onCancel().onSuccess(v -> {
      // uploads may finish on a timeout; the report stage always does (the outbox owns it by then)
      boolean abortable = switch (run.stage) {
        case "upload" -> control.isHard();
        case "report" -> false;
        default -> true;
      };
      if (abortable) {
        if (run.stage.equals("render")) vertx.eventBus().publish(Addresses.RENDER_CANCEL, new RenderCancel(run.jobId).toJson());
        result.tryFail(new JobFailure(control.reason() + " (during " + run.stage + ")"));
      }
    });
    // counted when decided, before the report leaves: whoever sees the API's new status also sees this node's count
    return result.future()
        .compose(done -> {
          metrics.jobCompleted();
          return report(run, new Outbox.Report(run.jobId, run.modelId, "complete", run.cfg.workerId(), done))
              .map(v -> {
                run.log.info("Job {} completed in {} ms: {}", run.jobId, System.currentTimeMillis() - started, done.getString("thumbnailPath"));
                return Outcome.COMPLETED;
              });
        })
        .recover(err -> {
          String message = JobFailure.of(run.stage, err).getMessage();
          run.log.warn("Job {} failed: {}", run.jobId, message);
          metrics.jobFailed();
          return report(run, new Outbox.Report(run.jobId, run.modelId, "fail", run.cfg.workerId(), new JsonObject().put("errorMessage", message)))
              .map(Outcome.FAILED);
        })
        .eventually(() -> cleanup(run));
  }

  private Future<JsonObject> pipeline(Run run) {
    run.stage = "download";
    Path root = run.cfg.storagePath().resolve("jobs");
    run.dir = root.resolve("job-" + run.jobId + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    long t0 = System.currentTimeMillis();
    Path dir = run.dir;
    return vertx.executeBlocking(() -> Files.createDirectories(dir), false)   // NIO: see ModelDownloader.download
        .compose(v -> new ModelDownloader(vertx, api.get().forJob(run.jobId, run.modelId))
            .download(run.modelId, run.dir, run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES), run.control))
        .recover(err -> Future.failedFuture(JobFailure.of("download", err)))
        .compose(file -> {
          metrics.stage(Stage.download, System.currentTimeMillis() - t0);
          run.log.info("Downloaded {} ({} bytes)", file.name(), file.bytes());
          run.control.check();
          return unzipIfNeeded(run, file.file());
        })
        .compose(model -> render(run, model))
        .compose(rendered -> upload(run, rendered));
  }

  private Future<Path> unzipIfNeeded(Run run, Path file) {
    if (!FileNames.extension(file.getFileName().toString()).equals("zip")) return Future.succeededFuture(file);
    run.stage = "unzip";
    long max = run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES);
    SafeUnzip unzip = new SafeUnzip(2_000, Math.min(4 * max, 4L << 30));
    Path into = run.dir.resolve("unzipped");
    return vertx.executeBlocking(() -> unzip.extractMainModel(file, into), false)
        .onSuccess(model -> run.log.info("Unpacked {}; main model {}", file.getFileName(), into.relativize(model)));
  }

  private Future<RenderReply> render(Run run, Path model) {
    run.control.check();
    run.stage = "render";
    long remaining = Math.max(1_000, run.deadline - System.currentTimeMillis());
    RenderRequest request = new RenderRequest(run.jobId, model.toAbsolutePath(),
        FileNames.extension(model.getFileName().toString()), run.dir.resolve("out").toAbsolutePath(),
        RenderSettings.from(run.cfg), run.deadline);
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER, request.toJson(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(remaining + 5_000))
        .recover(err -> Future.failedFuture(renderFailure(err)))
        .map(msg -> {
          RenderReply reply = RenderReply.fromJson(msg.body());
          Map<String, Double> timings = reply.timingsMs();
          metrics.stage(Stage.load, timings.getOrDefault("load", 0.0).longValue());
          metrics.stage(Stage.render, timings.getOrDefault("render", 0.0).longValue());
          metrics.stage(Stage.encode, timings.getOrDefault("encode", 0.0).longValue());
          run.log.info("Rendered {} frames, {} triangles, {}x{} (load {} ms, render {} ms, encode {} ms)",
              reply.frameCount(), reply.triangles(), reply.width(), reply.height(),
              timings.get("load"), timings.get("render"), timings.get("encode"));
          return reply;
        });
  }


  private static JobFailure renderFailure(Throwable err) {
    if (err instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) return new JobFailure("render: no render engine runs on this node");
      if (re.failureType() == ReplyFailure.TIMEOUT) return new JobFailure("render: no answer from the render engine in time");
    }
    return JobFailure.of("render", err);
  }

  private Future<JsonObject> upload(Run run, RenderReply rendered) {
    if (run.control.isCancelled()) return Future.failedFuture(new JobFailure(run.control.reason()));
    run.stage = "upload";
    long t0 = System.currentTimeMillis();
    int width = rendered.width();
    int height = rendered.height();
    ApiClient client = api.get().forJob(run.jobId, run.modelId);
    return client.uploadThumbnail(run.modelId, rendered.webp(), "image/webp", width, height)
        .compose(webp -> client.uploadThumbnail(run.modelId, rendered.poster(), "image/jpeg", width, height)
            .map(poster -> {
              metrics.stage(Stage.upload, System.currentTimeMillis() - t0);
              run.log.info("Uploaded {} and poster {}", webp.getString("thumbnailPath"), poster.getString("thumbnailPath"));
              return new JsonObject()
                  .put("thumbnailPath", webp.getString("thumbnailPath"))
                  .put("sizeBytes", webp.getLong("sizeBytes"))
                  .put("width", webp.getInteger("width", width))
                  .put("height", webp.getInteger("height", height));
            }))
        .recover(err -> Future.failedFuture(JobFailure.of("upload", err)));
  }

  private Future<Void> report(Run run, Outbox.Report report) {
    run.stage = "report";
    long t0 = System.currentTimeMillis();
    return outbox.submit(report)
        .onSuccess(outcome -> {
          metrics.stage(Stage.report, System.currentTimeMillis() - t0);
          if (outcome != Outbox.Outcome.ACCEPTED) run.log.warn("{} report of job {}: {}", report.kind(), run.jobId, outcome);
        })
        .recover(err -> {
          run.log.warn("Could not persist the {} report of job {}: {}", report.kind(), run.jobId, Errors.oneLine(err));
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  private Future<Void> cleanup(Run run) {
    if (run.dir == null || !config.get().flag(ConfigKey.CLEANUP_TEMP_FILES)) return Future.succeededFuture();
    Path dir = run.dir;
    return vertx.executeBlocking(() -> {
          if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
              for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
          }
          return null;
        }, false)
        .<Void>mapEmpty()
        .recover(err -> {
          run.log.debug("Could not delete {}: {}", run.dir, Errors.oneLine(err));
          return Future.succeededFuture();
        });
  }
}
