package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.ModelibrTextureSetRoutes;
import io.thumbnailworker.backend.ModelibrTextureSetRoutes.PreviewSet;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.RenderReply;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.bus.TextureSetPreview;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.textures.TextureFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The stages of a texture set's preview (modelibr-assets §1.2): read the set (missing or empty: the job fails) →
 * download each of its files once → texture metadata and the extraction record (best-effort,
 * {@link TextureSetSideCalls}) → {@code thumbnail.render} of kind {@code textureSet} (28 frames on the set's preview
 * shape) → upload the WebP, then the PNG of frame 0 (both must succeed) → web proxies (best-effort). Answers the
 * finish body {@code {thumbnailPath, sizeBytes: null}} with the WebP upload's path.
 */
final class TextureSetProcessor {
  private static final long RENDER_REPLY_SLACK_MS = 5_000;

  private final Vertx vertx;
  private final ServerSettings settings = new ServerSettings();
  private final TextureSetSideCalls side;

  TextureSetProcessor(Vertx vertx) {
    this.vertx = vertx;
    this.side = new TextureSetSideCalls(vertx);
  }

  /** The set and its downloaded textures. */
  private record Fetched(PreviewSet set, List<TextureFile> files) {}

  Future<JsonObject> run(JobRun run) {
    run.stage = "texture set";
    var routes = run.job().backend().textureSetRoutes();
    if (routes.isEmpty()) return Future.failedFuture(new JobFailure("this backend has no texture-set routes"));
    long setId = run.job().assetId();
    Path dir = run.cfg.storagePath().resolve("jobs")
        .resolve("job-" + run.jobId() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    run.dir = dir;
    var server = settings.read(run);
    return run.client().getJson(routes.get().setPath(setId))
        .recover(err -> Future.failedFuture(notFound(setId, err)))
        .map(body -> routes.get().read(setId, body))
        .compose(set -> {
          if (set.textures().isEmpty()) return Future.failedFuture(new JobFailure("texture set " + setId + " has no textures"));
          run.stage = "download";
          return download(run, set);
        })
        .compose(fetched -> side.describe(run, routes.get(), setId, fetched.files())
            .compose(v -> server.compose(s -> render(run, fetched, ServerSettings.settingsFor(run, s))))
            .compose(reply -> upload(run, reply))
            .compose(result -> side.proxies(run, routes.get(), setId, fetched.files()).map(result)));
  }

  private static JobFailure notFound(long setId, Throwable err) {
    if (err instanceof ApiStatusException e && e.status() == 404) return new JobFailure("texture set " + setId + " does not exist");
    return JobFailure.of("texture set", err);
  }

  /** Each distinct file once, into {@code textures/<fileId>/<its name>}, one after the other. */
  private Future<Fetched> download(JobRun run, PreviewSet set) {
    ModelFiles files = new ModelFiles(vertx, run.client());
    long max = run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES);
    Map<Long, Path> targets = new LinkedHashMap<>();
    for (ModelibrTextureSetRoutes.Texture t : set.textures()) {
      targets.computeIfAbsent(t.fileId(), id -> run.dir.resolve("textures").resolve(String.valueOf(id))
          .resolve(SafeFileNames.sanitize(t.fileName(), "texture-" + id)).toAbsolutePath());
    }
    Future<Long> chain = Future.succeededFuture(0L);
    for (Map.Entry<Long, Path> e : targets.entrySet()) {
      chain = chain.compose(total -> files.storedFile(run.job(), e.getKey(), e.getValue(), max - total, run.control)
          .map(bytes -> total + bytes));
    }
    return chain.recover(err -> Future.failedFuture(JobFailure.of("download", err))).map(total -> {
      run.log.info("Downloaded {} texture file(s) of set {} ({} bytes)", targets.size(), set.id(), total);
      List<TextureFile> list = new ArrayList<>();
      for (ModelibrTextureSetRoutes.Texture t : set.textures()) {
        list.add(new TextureFile(t.id(), t.type(), t.channel(), targets.get(t.fileId())));
      }
      return new Fetched(set, list);
    });
  }

  private Future<RenderReply> render(JobRun run, Fetched fetched, RenderSettings settings) {
    run.control.check();
    run.stage = "render";
    Map<String, TextureMap> byType = new LinkedHashMap<>();   // a repeated type: the later one, as the server's worker
    for (TextureFile f : fetched.files()) byType.put(f.type(), new TextureMap(f.type(), f.file(), f.channel()));
    PreviewSet set = fetched.set();
    TextureSetPreview preview = new TextureSetPreview(set.geometry(), set.uvScale(), List.copyOf(byType.values()));
    RenderRequest request = new RenderRequest(run.jobId(), run.dir.resolve("texture-set-" + set.id()).toAbsolutePath(),
        null, run.dir.resolve("out").toAbsolutePath(), settings, run.claimed.deadline(), "png", List.of(),
        SceneKind.TEXTURE_SET.wireName, preview.toJson());
    long replyWithin = Math.max(1_000, run.claimed.remainingMs()) + RENDER_REPLY_SLACK_MS;
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER, request.toJson(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(replyWithin))
        .recover(err -> Future.failedFuture(ModelPipeline.renderFailure(err)))
        .map(msg -> {
          RenderReply reply = RenderReply.fromJson(msg.body());
          run.log.info("Rendered the {} preview of texture set {}: {} frames, {}x{} ({} ms)", set.geometry(), set.id(),
              reply.frameCount(), reply.width(), reply.height(), reply.timingsMs().get("total"));
          return reply;
        });
  }

  private Future<JsonObject> upload(JobRun run, RenderReply rendered) {
    if (run.control.isCancelled()) return Future.failedFuture(new JobFailure(run.control.reason()));
    run.stage = "upload";
    ApiClient client = run.client();
    return client.uploadThumbnail(run.job(), rendered.webp(), "image/webp", rendered.width(), rendered.height())
        .compose(webp -> client.uploadThumbnail(run.job(), rendered.poster(), "image/png", rendered.width(), rendered.height())
            .map(png -> {
              run.log.info("Uploaded {} and {}", webp.getString("thumbnailPath"), png.getString("thumbnailPath"));
              return new JsonObject().put("thumbnailPath", webp.getString("thumbnailPath")).putNull("sizeBytes");
            }))
        .recover(err -> Future.failedFuture(JobFailure.of("upload", err)));
  }
}
