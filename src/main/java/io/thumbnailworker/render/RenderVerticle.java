package io.thumbnailworker.render;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.RenderCancel;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private volatile RenderService service;
  private volatile boolean stopping;

  public RenderVerticle(ConfigService config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    WorkerConfig cfg = config.current();
    RenderService.Options options = new RenderService.Options(cfg.integer(ConfigKey.RENDER_THREADS),
        cfg.string(ConfigKey.RENDER_EGL_DEVICE), cfg.integer(ConfigKey.JOB_TIMEOUT_MS) + 60_000L, true, true);
    CompletableFuture<RenderService> started = CompletableFuture.supplyAsync(() -> RenderService.start(options), OFF_LOOP);
    return Future.fromCompletionStage(started, context).compose(svc -> {
      service = svc;
      MessageConsumer<JsonObject> render = vertx.eventBus().localConsumer(Addresses.RENDER, this::onRender);
      MessageConsumer<JsonObject> cancel = vertx.eventBus().localConsumer(Addresses.RENDER_CANCEL, this::onCancel);
      return Future.all(render.completion(), cancel.completion());
    });
  }

  private void onRender(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    RenderJob job;
    try {
      RenderRequest request = RenderRequest.fromJson(body,
          System.currentTimeMillis() + config.current().integer(ConfigKey.JOB_TIMEOUT_MS));
      job = RenderJob.of(request);
    } catch (RuntimeException e) {
      msg.fail(RenderException.BAD_MODEL, "bad render request: " + RenderException.sanitize(e.getMessage()));
      return;
    }
    Future.fromCompletionStage(service.submit(job), context).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().toReply().toJson());
      } else if (ar.cause() instanceof RenderException e) {
        msg.fail(e.code(), e.getMessage());
      } else {
        msg.fail(RenderException.INTERNAL, RenderException.sanitize(String.valueOf(ar.cause())));
      }
    });
  }


  private void onCancel(Message<JsonObject> msg) {
    String id = String.valueOf(RenderCancel.fromJson(msg.body()).jobId());
    if (service.cancel(id)) LOG.info("Cancelling render of job {}", id);
  }

  /** The engine's GL vendor and renderer; null until it has started. */
  public String glVendor() { return service == null ? null : service.glVendor(); }
  public String glRenderer() { return service == null ? null : service.glRenderer(); }
  public int threads() { return service == null ? 0 : service.threads(); }

  /** Every GL thread alive and none stuck; false once stopping. */
  public boolean healthy() {
    RenderService svc = service;
    return !stopping && (svc == null || svc.healthy());
  }

  @Override
  public Future<?> stop() {
    if (service == null) return Future.succeededFuture();
    stopping = true;
    RenderService svc = service;
    return Future.fromCompletionStage(CompletableFuture.runAsync(svc::close, OFF_LOOP), context);
  }
}
