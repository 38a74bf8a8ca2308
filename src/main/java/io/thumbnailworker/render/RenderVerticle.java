package io.thumbnailworker.render;

import io.thumbnailworker.Addresses;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.NodeState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Serves {@code thumbnail.render} (node-local) with a {@link RenderService}: RENDER_THREADS dedicated GL threads,
 * never the event loop or a worker pool. Each request carries its own settings; {@code thumbnail.render.cancel}
 * and the request's {@code deadline} (default now + JOB_TIMEOUT_MS) stop a render between frames.
 */
public final class RenderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RenderVerticle.class);
  /** Blocking start/stop of GL threads runs on a short-lived plain thread, never on an event loop. */
  private static final Executor OFF_LOOP = r -> new Thread(r, "render-lifecycle").start();

  private final ConfigService config;
  private final NodeState state;
  private RenderService service;

  public RenderVerticle(ConfigService config, NodeState state) {
    this.config = config;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    WorkerConfig cfg = config.current();
    RenderService.Options options = new RenderService.Options(cfg.integer(ConfigKey.RENDER_THREADS),
        cfg.string(ConfigKey.RENDER_EGL_DEVICE), cfg.integer(ConfigKey.JOB_TIMEOUT_MS) + 60_000L, true);
    CompletableFuture<RenderService> started = CompletableFuture.supplyAsync(() -> RenderService.start(options), OFF_LOOP);
    return Future.fromCompletionStage(started, context).compose(svc -> {
      service = svc;
      state.render(svc.glVendor(), svc.glRenderer(), svc.threads());
      state.renderHealthCheck(svc::healthy);
      MessageConsumer<JsonObject> render = vertx.eventBus().localConsumer(Addresses.RENDER, this::onRender);
      MessageConsumer<JsonObject> cancel = vertx.eventBus().localConsumer(Addresses.RENDER_CANCEL, this::onCancel);
      return Future.all(render.completion(), cancel.completion());
    });
  }

  private void onRender(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    RenderJob job;
    try {
      job = parse(body);
    } catch (RuntimeException e) {
      msg.fail(RenderException.BAD_MODEL, "bad render request: " + RenderException.sanitize(e.getMessage()));
      return;
    }
    Future.fromCompletionStage(service.submit(job), context).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().toJson());
      } else if (ar.cause() instanceof RenderException e) {
        msg.fail(e.code(), e.getMessage());
      } else {
        msg.fail(RenderException.INTERNAL, RenderException.sanitize(String.valueOf(ar.cause())));
      }
    });
  }

  private RenderJob parse(JsonObject b) {
    if (b == null) throw new IllegalArgumentException("empty body");
    Object id = b.getValue("jobId");
    String modelPath = b.getString("modelPath");
    String outputDir = b.getString("outputDir");
    if (modelPath == null || modelPath.isBlank()) throw new IllegalArgumentException("modelPath is missing");
    if (outputDir == null || outputDir.isBlank()) throw new IllegalArgumentException("outputDir is missing");
    RenderSettings settings = RenderSettings.fromJson(b.getJsonObject("settings"));
    Long deadline = b.getLong("deadline");
    if (deadline == null || deadline <= 0) deadline = System.currentTimeMillis() + config.current().integer(ConfigKey.JOB_TIMEOUT_MS);
    return new RenderJob(id == null ? null : String.valueOf(id), Path.of(modelPath), b.getString("fileType"),
        Path.of(outputDir), settings, deadline, true);
  }

  private void onCancel(Message<JsonObject> msg) {
    Object id = msg.body() == null ? null : msg.body().getValue("jobId");
    if (id != null && service.cancel(String.valueOf(id))) LOG.info("Cancelling render of job {}", id);
  }

  @Override
  public Future<?> stop() {
    if (service == null) return Future.succeededFuture();
    state.renderHealthCheck(() -> false);
    RenderService svc = service;
    return Future.fromCompletionStage(CompletableFuture.runAsync(svc::close, OFF_LOOP), context);
  }
}
