package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.EnvironmentMapRoutes;
import io.thumbnailworker.backend.JobEvent;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.RenderReply;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.config.ConfigKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stages of an environment map's preview (modelibr-assets §2.2, §2.3): read the map and pick the job's variant →
 * download its panorama, or its six cube faces into one folder as {@code px.<ext> … nz.<ext>} → {@code thumbnail.render}
 * with kind {@code environmentMap} (decoded and drawn on the render thread) → upload the WebP, then the JPEG poster of
 * the middle frame. Answers the finish body {@code {thumbnailPath}}, the WebP's path. Progress goes to the job's event
 * log: FrameRendering…, Encoding… and ThumbnailUpload… Started/Completed.
 */
final class EnvironmentMapProcessor {
  private static final long RENDER_REPLY_SLACK_MS = 5_000;

  private final Vertx vertx;
  private final ServerSettings settings = new ServerSettings();

  EnvironmentMapProcessor(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<JsonObject> run(JobRun run) {
    run.stage = "download";
    DequeuedJob job = run.job();
    EnvironmentMapRoutes routes = job.backend().environmentMaps().orElse(null);
    if (routes == null) {
      return Future.failedFuture(new JobFailure("download: the " + job.backend().profile() + " backend has no environment maps"));
    }
    Path dir = run.cfg.storagePath().resolve("jobs")
        .resolve("job-" + run.jobId() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    run.dir = dir;
    var server = settings.read(run);
    return run.client().getJson(routes.mapPath(job))
        .map(map -> routes.readVariant(job, map))
        .compose(variant -> download(run, variant, dir.resolve("input")))
        .recover(err -> Future.failedFuture(JobFailure.of("download", err)))
        .compose(input -> server.compose(s -> render(run, input, ServerSettings.settingsFor(run, s), routes)))
        .compose(rendered -> upload(run, rendered));
  }

  /** The panorama file, or the folder of the six faces; at most MAX_MODEL_BYTES in all. */
  private Future<Path> download(JobRun run, EnvironmentMapRoutes.Variant variant, Path into) {
    ModelFiles files = new ModelFiles(vertx, run.client());
    long max = run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES);
    Path folder = variant.cube() ? into.resolve("cube") : into;
    Future<Long> total = Future.succeededFuture(0L);
    for (EnvironmentMapRoutes.File f : variant.files()) {
      Path target = folder.resolve(fileName(f, variant.cube()));
      total = total.compose(sum -> files.storedFile(run.job(), f.fileId(), target, max - sum, run.control).map(n -> sum + n));
    }
    return total.map(bytes -> {
      run.log.info("Downloaded variant {} ({} file(s), {} bytes)", variant.id(), variant.files().size(), bytes);
      return variant.cube() ? folder : folder.resolve(fileName(variant.files().get(0), false));
    });
  }

  /** A panorama keeps its (sanitised) name; a face is named after itself, keeping its extension. */
  private static String fileName(EnvironmentMapRoutes.File f, boolean cube) {
    String safe = SafeFileNames.sanitize(f.fileName(), f.face());
    if (!cube) return safe;
    String ext = SafeFileNames.extension(safe);
    return ext.isEmpty() ? f.face() : f.face() + "." + ext;
  }

  private Future<RenderReply> render(JobRun run, Path input, RenderSettings settings, EnvironmentMapRoutes routes) {
    run.control.check();
    run.stage = "render";
    RenderRequest request = new RenderRequest(run.jobId(), input.toAbsolutePath(),
        SafeFileNames.extension(input.getFileName().toString()), run.dir.resolve("out").toAbsolutePath(), settings,
        run.claimed.deadline(), routes.posterFormat(), List.of(), SceneKind.ENVIRONMENT_MAP.wireName, new JsonObject());
    long replyWithin = Math.max(1_000, run.claimed.remainingMs()) + RENDER_REPLY_SLACK_MS;
    run.event("FrameRenderingStarted", "Rendering " + settings.frameCount() + " frame(s) at " + settings.width() + "x" + settings.height());
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER, request.toJson(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(replyWithin))
        .recover(err -> Future.failedFuture(renderFailure(err)))
        .map(msg -> {
          RenderReply reply = RenderReply.fromJson(msg.body());
          run.log.info("Rendered {} frames of {} at {}x{} (decode {} ms, render {} ms, encode {} ms)", reply.frameCount(),
              input.getFileName(), reply.width(), reply.height(), reply.timingsMs().get("load"),
              reply.timingsMs().get("render"), reply.timingsMs().get("encode"));
          run.event(new JobEvent("FrameRenderingCompleted", "Rendered " + reply.frameCount() + " frame(s)",
              new JsonObject().put("frameCount", reply.frameCount()), null));
          run.event("EncodingStarted", "Encoding the animated WebP and the poster");
          run.event(new JobEvent("EncodingCompleted", "Encoded " + reply.webpBytes() + " bytes of WebP",
              new JsonObject().put("webpBytes", reply.webpBytes()).put("posterBytes", reply.posterBytes()), null));
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

  private Future<JsonObject> upload(JobRun run, RenderReply rendered) {
    if (run.control.isCancelled()) return Future.failedFuture(new JobFailure(run.control.reason()));
    run.stage = "upload";
    ApiClient client = run.client();
    String posterType = "image/" + (rendered.poster().getFileName().toString().endsWith(".png") ? "png" : "jpeg");
    run.event("ThumbnailUploadStarted", "Uploading the thumbnail and its poster");
    return client.uploadThumbnail(run.job(), rendered.webp(), "image/webp", rendered.width(), rendered.height())
        .compose(webp -> client.uploadThumbnail(run.job(), rendered.poster(), posterType, rendered.width(), rendered.height())
            .map(poster -> {
              String path = webp.getString("thumbnailPath");
              if (path == null || path.isBlank()) throw new JobFailure("upload: the WebP upload answered no thumbnailPath: " + webp.encode());
              run.log.info("Uploaded {} and its poster", path);
              run.event("ThumbnailUploadCompleted", "Uploaded " + path);
              return new JsonObject().put("thumbnailPath", path);
            }))
        .recover(err -> Future.failedFuture(JobFailure.of("upload", err)));
  }
}
