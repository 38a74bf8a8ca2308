package io.thumbnailworker.status;

import io.thumbnailworker.bus.HubState;
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
  private final NodeView node;
  private final Metrics metrics;
  private HttpServer server;

  public StatusVerticle(ConfigService config, NodeView node, Metrics metrics) {
    this.config = config;
    this.node = node;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/status").handler(ctx -> json(ctx, 200, status()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    return vertx.createHttpServer().requestHandler(router).listen(config.current().workerPort())
        .onSuccess(s -> {
          server = s;
          LOG.info("Status endpoint listening on port {}", s.actualPort());
        });
  }

  /** The port actually bound (WORKER_PORT may be 0). */
  public int port() { return server.actualPort(); }

  private void health(RoutingContext ctx) {
    String problem = node.shuttingDown() ? "shutting down" : node.render().healthy() ? null : "render thread dead or stuck";
    JsonObject body = new JsonObject().put("status", problem == null ? "healthy" : "unhealthy")
        .put("timestamp", Instant.now().toString()).put("version", Version.VERSION);
    if (problem != null) body.put("reason", problem);
    json(ctx, problem == null ? 200 : 503, body);
  }

  private void ready(RoutingContext ctx) {
    boolean ready = node.ready() && !node.shuttingDown();
    JsonObject body = new JsonObject().put("ready", ready);
    String reason = ready ? null : node.shuttingDown() ? "shutting down" : node.notReadyReason();
    if (reason != null) body.put("reason", reason);
    json(ctx, ready ? 200 : 503, body);
  }

  JsonObject status() {
    var cfg = config.current();
    HubState hub = node.hub();
    JsonObject cluster = node.cluster();
    return new JsonObject()
        .put("service", "thumbnail-worker")
        .put("version", Version.VERSION)
        .put("workerId", cfg.workerId())
        .put("uptime", Duration.between(node.startedAt(), Instant.now()).toSeconds())
        .put("worker", new JsonObject()
            .put("apiProfile", node.apiProfile())
            .put("activeJobs", node.activeJobs())
            .put("maxConcurrentJobs", cfg.maxConcurrentJobs())
            .put("signalrConnected", hub.connected())
            .put("transport", hub.transport())
            .put("polling", node.polling())
            .put("completed", metrics.completed())
            .put("failed", metrics.failed()))
        .put("hub", hubView(cfg.workerId(), hub, cluster))
        .put("render", node.render().toJson())
        .put("cluster", cluster)
        .put("config", cfg.toMaskedJson())
        .put("lastConfigReload", config.lastReload());
  }

  /** Cluster-wide: who holds the hub connection, from this node's own state or the members' entries. */
  private static JsonObject hubView(String self, HubState own, JsonObject cluster) {
    String holder = own.connected() ? self : null;
    for (Object o : cluster.getJsonArray("members")) {
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
