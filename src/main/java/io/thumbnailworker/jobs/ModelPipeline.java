package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.JobEvent;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.RenderReply;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.render.scene.ModelOrbitScene;
import io.thumbnailworker.status.Metrics;
import io.thumbnailworker.status.Metrics.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stages of a model thumbnail: download the model into a fresh temp dir (with its companions) → unzip (zips
 * only) → texture sets (when the backend names any) → {@code thumbnail.render} → the backend's side calls with what
 * the import found (best effort, {@link SideCalls}) → upload the WebP, then the poster.
 * The backend's thumbnail settings are read while the model downloads. Answers the body of the complete report,
 * taken from the WebP upload's answer. Each stage sets {@link JobRun#stage} before it starts, so a cancellation or
 * failure names it, and posts its progress to the backend's event log (where it keeps one).
 */
final class ModelPipeline {
  /** Slack on top of the job's remaining time for the render engine's reply to arrive. */
  private static final long RENDER_REPLY_SLACK_MS = 5_000;

  private final Vertx vertx;
  private final Metrics metrics;
  private final ServerSettings settings = new ServerSettings();
  private final JobTextures textures = new JobTextures();

  ModelPipeline(Vertx vertx, Metrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
  }

  Future<JsonObject> run(JobRun run) {
    run.stage = "download";
    Path dir = run.newDir();
    run.dir = dir;
    var server = settings.read(run);
    ModelFiles files = new ModelFiles(vertx, run.client());
    long max = run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES);
    long t0 = System.currentTimeMillis();
    run.event("ModelDownloadStarted", "Downloading the model");
    return vertx.executeBlocking(() -> Files.createDirectories(dir.resolve("model")), false)   // plain NIO: see BodyToFile
        .compose(modelDir -> files.model(run.job(), modelDir, max, run.control))
        .compose(file -> files.companions(run.job(), file.file(), max - file.bytes(), run.control, run.log).map(n -> {
          run.log.info("Downloaded {} ({} bytes{})", file.name(), file.bytes(), n > 0 ? ", " + n + " companion file(s)" : "");
          return file;
        }))
        .recover(err -> Future.failedFuture(JobFailure.of("download", err)))
        .compose(file -> {
          metrics.stage(Stage.download, System.currentTimeMillis() - t0);
          run.event("ModelDownloaded", "Downloaded " + file.name() + " (" + file.bytes() + " bytes)");
          run.control.check();
          return unzipIfNeeded(run, file.file());
        })
        .compose(model -> textures.overrides(run, files)
            .compose(materials -> server.compose(s -> render(run, model, ServerSettings.settingsFor(run, s), materials))))
        .compose(rendered -> SideCalls.send(run, rendered.sceneFacts()).map(rendered))
        .compose(rendered -> upload(run, rendered));
  }

  private Future<Path> unzipIfNeeded(JobRun run, Path file) {
    if (!SafeFileNames.extension(file.getFileName().toString()).equals("zip")) return Future.succeededFuture(file);
    run.stage = "unzip";
    long max = run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES);
    SafeUnzip unzip = new SafeUnzip(2_000, Math.min(4 * max, 4L << 30));
    Path into = run.dir.resolve("unzipped");
    return vertx.executeBlocking(() -> unzip.extractMainModel(file, into), false)
        .onSuccess(model -> run.log.info("Unpacked {}; main model {}", file.getFileName(), into.relativize(model)));
  }

  private Future<RenderReply> render(JobRun run, Path model, RenderSettings settings, List<MaterialOverride> materials) {
    run.control.check();
    run.stage = "render";
    RenderRequest request = new RenderRequest(run.jobId(), model.toAbsolutePath(),
        SafeFileNames.extension(model.getFileName().toString()), run.dir.resolve("out").toAbsolutePath(),
        settings, run.claimed.deadline(), run.job().backend().posterFormat(), materials, null,
        new JsonObject().put(ModelOrbitScene.SCENE_FACTS, run.job().backend().wantsSceneFacts()));
    long replyWithin = Math.max(1_000, run.claimed.remainingMs()) + RENDER_REPLY_SLACK_MS;
    run.event("FrameRenderingStarted", "Rendering " + settings.frameCount() + " frame(s) at " + settings.width() + "x" + settings.height());
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER, request.toJson(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(replyWithin))
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
          run.event(new JobEvent("FrameRenderingCompleted", "Rendered " + reply.frameCount() + " frame(s)",
              new JsonObject().put("frameCount", reply.frameCount()).put("polygonCount", reply.triangles()), null));
          return reply;
        });
  }

  static JobFailure renderFailure(Throwable err) {
    if (err instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) return new JobFailure("render: no render engine runs on this node");
      if (re.failureType() == ReplyFailure.TIMEOUT) return new JobFailure("render: no answer from the render engine in time");
    }
    return JobFailure.of("render", err);
  }

  private Future<JsonObject> upload(JobRun run, RenderReply rendered) {
    if (run.control.isCancelled()) return Future.failedFuture(new JobFailure(run.control.reason()));
    run.stage = "upload";
    long t0 = System.currentTimeMillis();
    int width = rendered.width();
    int height = rendered.height();
    Backend backend = run.job().backend();
    ApiClient client = run.client();
    run.event("ThumbnailUploadStarted", "Uploading the thumbnail and its poster");
    return client.uploadThumbnail(run.job(), rendered.webp(), "image/webp", width, height)
        .compose(webp -> client.uploadThumbnail(run.job(), rendered.poster(), "image/" + backend.posterFormat(), width, height)
            .map(poster -> {
              metrics.stage(Stage.upload, System.currentTimeMillis() - t0);
              run.log.info("Uploaded {} and poster {}", webp.getString("thumbnailPath"), poster.getString("thumbnailPath",
                  poster.getString("pngThumbnailPath")));
              run.event("ThumbnailUploadCompleted", "Uploaded " + webp.getString("thumbnailPath"));
              Long size = webp.getValue("sizeBytes") instanceof Number n ? n.longValue() : null;
              return new JsonObject()
                  .put("thumbnailPath", webp.getString("thumbnailPath"))
                  .put("sizeBytes", size != null ? size : rendered.webpBytes() > 0 ? rendered.webpBytes() : null)
                  .put("width", webp.getInteger("width", width))
                  .put("height", webp.getInteger("height", height));
            }))
        .recover(err -> Future.failedFuture(JobFailure.of("upload", err)));
  }
}
