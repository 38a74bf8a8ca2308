package io.thumbnailworker.api;

import io.thumbnailworker.backend.SpecContract;

import io.thumbnailworker.Version;
import io.thumbnailworker.api.hub.HubServer;
import io.thumbnailworker.api.hub.HubSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Wires the reference API: database, file store, hub, routes, HTTP server and the lease sweeper. */
final class ApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final ApiOptions options;
  private Database db;
  private HubServer hub;
  private HttpServer server;
  private long sweepTimer = -1;

  ApiVerticle(ApiOptions options) {
    this.options = options;
  }

  int port() { return server.actualPort(); }
  HubServer hub() { return hub; }

  @Override
  public Future<?> start() {
    return Database.open(vertx, options.dataDir()).compose(database -> {
      db = database;
      return db.blocking(() -> new BlobStore(options.dataDir()));
    }).compose(blobs -> {
      hub = new HubServer(vertx, new HubSettings(options.keepAliveMs(), options.clientTimeoutMs(),
          options.handshakeTimeoutMs(), options.longPollTimeoutMs(), Math.max(options.clientTimeoutMs() / 2, 5_000), 32 * 1024));
      JobHandlers jobs = new JobHandlers(db, hub, options);
      ModelHandlers models = new ModelHandlers(vertx, db, blobs, hub, options);
      hub.method("AcknowledgeJob", 1, (args, who) -> jobs.acknowledge(args));
      Router router = router(jobs, models, blobs);
      return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false))
          .requestHandler(router).listen(options.port())
          .onSuccess(s -> {
            server = s;
            sweepTimer = vertx.setPeriodic(options.leaseSweepMs(), id -> jobs.sweepLeases());
            LOG.info("Reference API listening on http://localhost:{} (data {}, api key {}, max attempts {}, lease {} ms)",
                s.actualPort(), options.dataDir().toAbsolutePath(), options.apiKey() == null ? "off" : "on",
                options.maxAttempts(), options.lockTimeoutMs());
          });
    });
  }

  private Router router(JobHandlers jobs, ModelHandlers models, BlobStore blobs) {
    Router router = Router.router(vertx);
    var modelBody = MultipartReader.handler(vertx, blobs.scratchDir(), options.maxModelBytes(), "the model upload");
    var imageBody = MultipartReader.handler(vertx, blobs.scratchDir(), options.maxThumbnailBytes(), "the image upload");
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(64 * 1024);

    if (options.faults() != null) router.route().handler(this::injectFaults);
    router.get("/health").handler(ctx -> HttpResponses.json(ctx, 200, new JsonObject().put("status", "healthy")
        .put("timestamp", Instant.now().toString()).put("version", Version.VERSION)));
    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").sendFile("webroot/index.html").onFailure(ctx::fail));
    router.get("/static/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));

    ApiKeyCheck keys = new ApiKeyCheck(options.apiKey());
    if (keys.enabled()) {
      router.route().handler(ctx -> {
        if (keys.allows(ctx.request())) ctx.next();
        else HttpResponses.error(ctx, 401, "unauthorized", "missing or wrong API key (send X-Api-Key, access_token or Authorization: Bearer)");
      });
    }

    router.post("/models").handler(ModelHandlers.multipart(options.maxModelBytes(), "the model upload", modelBody))
        .handler(models::uploadModel);
    router.get("/models").handler(models::list);
    router.get("/models/:id").handler(models::get);
    router.get("/models/:id/file").handler(models::file);
    router.post("/models/:id/thumbnail/upload")
        .handler(ModelHandlers.multipart(options.maxThumbnailBytes(), "the image upload", imageBody))
        .handler(models::uploadThumbnail);
    router.get("/hashes/:hash/:file").handler(models::image);

    router.get("/api/thumbnail-jobs").handler(jobs::list);
    router.post("/api/thumbnail-jobs/dequeue").handler(jsonBody).handler(jobs::dequeue);
    router.post("/api/thumbnail-jobs/:id/complete").handler(jsonBody).handler(jobs::complete);
    router.post("/api/thumbnail-jobs/:id/fail").handler(jsonBody).handler(jobs::fail);
    router.post("/api/thumbnail-jobs/:id/retry").handler(jobs::retry);

    hub.mount(router, SpecContract.HUB_PATH);

    router.route().last().handler(ctx -> HttpResponses.error(ctx, 404, "not_found",
        ctx.request().method() + " " + ctx.request().path() + ": no such endpoint"));
    router.route().failureHandler(HttpResponses::failure);
    return router;
  }

  private void injectFaults(RoutingContext ctx) {
    FaultInjector.Fault f = options.faults().take(ctx.request().method().name(), ctx.request().path());
    if (f == null) {
      ctx.next();
    } else if (f.status() > 0) {
      LOG.info("Injected fault: {} {} answered {}", ctx.request().method(), ctx.request().path(), f.status());
      HttpResponses.error(ctx, f.status(), "injected_fault", "fault injected for testing: status " + f.status());
    } else if (ctx.request().path().endsWith("/file")) {
      LOG.info("Injected fault: body of {} stalled {} ms", ctx.request().path(), f.stallMs());
      ctx.put(ModelHandlers.STALL_KEY, f.stallMs());
      ctx.next();
    } else {
      LOG.info("Injected fault: {} {} delayed {} ms", ctx.request().method(), ctx.request().path(), f.stallMs());
      ctx.request().pause();
      vertx.timer(f.stallMs(), TimeUnit.MILLISECONDS).onComplete(v -> {
        ctx.request().resume();
        ctx.next();
      });
    }
  }

  /** A numeric path id; 400 when not a number (an unknown number is the handler's 404). */
  static long idParam(RoutingContext ctx, String name, String what) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id <= 0) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(what + " id '" + raw + "' is not a positive number");
    }
  }

  static int limitParam(RoutingContext ctx, int dflt, int max) {
    String raw = ctx.request().getParam("limit");
    if (raw == null) return dflt;
    try {
      int n = Integer.parseInt(raw);
      if (n < 1 || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be an integer between 1 and " + max + ", got '" + raw + "'");
    }
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
    Future<Void> hubClosed = hub == null ? Future.succeededFuture() : hub.close();
    return hubClosed
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> db == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
          db.close();
          return null;
        }))
        .onComplete(ar -> LOG.info("Reference API stopped"));
  }
}
