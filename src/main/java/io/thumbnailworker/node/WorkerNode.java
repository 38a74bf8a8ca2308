package io.thumbnailworker.node;

import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.hub.HubVerticle;
import io.thumbnailworker.jobs.JobsVerticle;
import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.status.Metrics;
import io.thumbnailworker.status.NodeState;
import io.thumbnailworker.status.StatusVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Composes one worker node: builds Vert.x (metrics on), loads config, then deploys status, render, jobs and hub
 * verticles in that order. Shutdown turns /health to 503 at once, waits SHUTDOWN_GRACE_MS, then undeploys in
 * reverse order (hub first, status last) and closes Vert.x.
 */
public final class WorkerNode {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);

  private final Vertx vertx;
  private final ConfigService config;
  private final NodeState state;
  private final Metrics metrics;
  private final Deque<String> deployments = new ArrayDeque<>();
  private StatusVerticle status;
  private Future<Void> shutdown;

  private WorkerNode(Vertx vertx, ConfigService config, NodeState state, Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
    this.metrics = metrics;
  }

  /**
   * Starts a node. Fails fast (before Vert.x exists) with a message naming the key when the configuration is invalid.
   */
  public static Future<WorkerNode> start(ConfigService.Sources sources) {
    WorkerConfig initial;
    try {
      initial = ConfigService.readOnce(sources);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Logging.apply(initial.logFormat(), initial.logLevel());
    if (initial.clusterEnabled()) {
      return Future.failedFuture(new UnsupportedOperationException("cluster mode is not implemented yet"));
    }
    NodeState state = new NodeState();
    Metrics metrics = new Metrics(state);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics.vertxOptions()))
        .withMetrics(metrics.factory())
        .build();
    return ConfigService.start(vertx, sources)
        .compose(cfg -> {
          WorkerNode node = new WorkerNode(vertx, cfg, state, metrics);
          cfg.onChange(change -> Logging.apply(change.current().logFormat(), change.current().logLevel()));
          return node.deployAll().map(node);
        })
        .onFailure(e -> vertx.close());
  }

  private Future<Void> deployAll() {
    WorkerConfig cfg = config.current();
    LOG.info("Starting worker {} (roles {}), config {}", cfg.workerId(), cfg.roles(), cfg);
    status = new StatusVerticle(config, state, metrics);
    Future<Void> chain = deploy(status, new DeploymentOptions());
    if (cfg.roles().contains("render")) {
      chain = chain.compose(v -> deploy(new io.thumbnailworker.render.RenderVerticle(config, state), new DeploymentOptions()));
    }
    if (cfg.roles().contains("jobs")) {
      chain = chain.compose(v -> deploy(new JobsVerticle(config, state, metrics, WorkerNode::renderSettings), new DeploymentOptions()));
    }
    if (cfg.roles().contains("hub")) {
      chain = chain.compose(v -> deploy(new HubVerticle(config), new DeploymentOptions()));
    }
    return chain
        .onSuccess(v -> {
          state.ready.set(true);
          LOG.info("Worker {} ready", cfg.workerId());
        });
  }

  /** The {@code settings} of a render request (contract with the render engine). */
  static JsonObject renderSettings(WorkerConfig cfg) {
    return io.thumbnailworker.render.RenderSettings.from(cfg).toJson();
  }

  private Future<Void> deploy(Deployable verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options).onSuccess(deployments::push).mapEmpty();
  }

  /** Idempotent; safe to call from a JVM shutdown hook (a non-Vert.x thread). */
  public synchronized Future<Void> shutdown() {
    if (shutdown != null) return shutdown;
    state.shuttingDown.set(true);
    int grace = config.current().integer(io.thumbnailworker.config.ConfigKey.SHUTDOWN_GRACE_MS);
    LOG.info("Shutting down{}", grace > 0 ? " after a " + grace + " ms grace period" : "");
    Future<Void> chain = grace > 0 ? vertx.timer(grace, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
    chain = chain.compose(v -> undeployInOrder());
    shutdown = chain
        .eventually(() -> {
          config.close();
          return vertx.close();
        })
        .onComplete(ar -> LOG.info("Shutdown complete"));
    return shutdown;
  }

  private Future<Void> undeployInOrder() {
    if (deployments.isEmpty()) return Future.succeededFuture();
    String id = deployments.pop();
    return vertx.undeploy(id)
        .recover(e -> {
          LOG.warn("Undeploying {} failed: {}", id, e.getMessage());
          return Future.succeededFuture();
        })
        .compose(v -> undeployInOrder());
  }

  public Vertx vertx() { return vertx; }
  public ConfigService config() { return config; }
  public NodeState state() { return state; }
  public Metrics metrics() { return metrics; }
  public int statusPort() { return status.port(); }
}
