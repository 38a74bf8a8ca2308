package io.thumbnailworker.status;

import io.thumbnailworker.Addresses;
import io.thumbnailworker.Version;
import io.thumbnailworker.config.ConfigService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/** The worker's HTTP status endpoint on WORKER_PORT: /health, /ready, /status, /metrics (design §6). */
public final class StatusVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(StatusVerticle.class);

  private final ConfigService config;
  private final NodeState state;
  private final Metrics metrics;
  private HttpServer server;

  public StatusVerticle(ConfigService config, NodeState state, Metrics metrics) {
    this.config = config;
    this.state = state;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/status").handler(ctx -> json(ctx, 200, status()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.HUB_STATE, msg -> state.hubState(msg.body()));
    return vertx.createHttpServer().requestHandler(router).listen(config.current().workerPort())
        .onSuccess(s -> {
          server = s;
          LOG.info("Status endpoint listening on port {}", s.actualPort());
        });
  }

  /** The port actually bound (WORKER_PORT may be 0). */
  public int port() { return server.actualPort(); }

  private void health(RoutingContext ctx) {
    String problem = state.shuttingDown.get() ? "shutting down" : state.renderHealthy() ? null : "render thread dead or stuck";
    JsonObject body = new JsonObject().put("status", problem == null ? "healthy" : "unhealthy")
        .put("timestamp", Instant.now().toString()).put("version", Version.VERSION);
    if (problem != null) body.put("reason", problem);
    json(ctx, problem == null ? 200 : 503, body);
  }

  private void ready(RoutingContext ctx) {
    boolean ready = state.ready.get() && !state.shuttingDown.get();
    json(ctx, ready ? 200 : 503, new JsonObject().put("ready", ready));
  }

  JsonObject status() {
    var cfg = config.current();
    return new JsonObject()
        .put("service", "thumbnail-worker")
        .put("version", Version.VERSION)
        .put("workerId", cfg.workerId())
        .put("uptime", Duration.between(state.startedAt, Instant.now()).toSeconds())
        .put("worker", new JsonObject()
            .put("activeJobs", state.activeJobs.get())
            .put("maxConcurrentJobs", cfg.maxConcurrentJobs())
            .put("signalrConnected", state.signalrConnected())
            .put("transport", state.hubState().getString("transport"))
            .put("polling", state.polling.get())
            .put("completed", state.completed.get())
            .put("failed", state.failed.get()))
        .put("hub", hubView(cfg.workerId()))
        .put("render", state.render())
        .put("cluster", state.cluster())
        .put("config", cfg.toMaskedJson())
        .put("lastConfigReload", config.lastReload());
  }

  /** Cluster-wide: who holds the hub connection, from this node's own state or the members' entries. */
  private JsonObject hubView(String self) {
    String holder = state.signalrConnected() ? self : null;
    for (Object o : state.cluster().getJsonArray("members")) {
      JsonObject member = (JsonObject) o;
      if (holder == null && member.getBoolean("holdsHub", false)) holder = member.getString("workerId");
    }
    return new JsonObject().put("connected", holder != null).put("holderWorkerId", holder);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
