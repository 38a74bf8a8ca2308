package io.thumbnailworker.node;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.cluster.BusReachability;
import io.thumbnailworker.cluster.HubLease;
import io.thumbnailworker.cluster.ClusterView;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.extraction.ExtractionVerticle;
import io.thumbnailworker.hub.HubVerticle;
import io.thumbnailworker.hub.ReconnectBackoff;
import io.thumbnailworker.jobs.JobsVerticle;
import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.RenderVerticle;
import io.thumbnailworker.status.Metrics;
import io.thumbnailworker.bus.HubState;
import io.thumbnailworker.status.NodeView;
import io.thumbnailworker.status.StatusVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Composes one worker node: builds Vert.x (metrics on), loads config, then deploys status, render, jobs and hub
 * verticles in that order. Shutdown turns /health to 503 at once, waits SHUTDOWN_GRACE_MS, then undeploys in
 * reverse order (hub first, status last) and closes Vert.x.
 */
public final class WorkerNode {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  static final long HUB_LEASE_RENEW_MS = 3_000;
  static final long HUB_LEASE_TTL_MS = 15_000;

  private final Vertx vertx;
  private final ConfigService config;
  private final Metrics metrics;
  private final BackendSelector backends;
  private final Instant startedAt = Instant.now();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final NodeView view = new View();
  private volatile RenderVerticle render;
  private volatile JobsVerticle jobs;
  private final Deque<String> deployments = new ArrayDeque<>();
  private StatusVerticle status;
  private volatile ClusterView clusterView;
  private volatile BusReachability busCheck;
  /** host:port other members dial for this node's event bus; null when not clustered. */
  private final String busAddress;
  private HubLease hubLease;
  private volatile HubDeployment hubDeployment;
  private Promise<Void> shutdown;

  private WorkerNode(Vertx vertx, ConfigService config, Metrics metrics, String busAddress) {
    this.vertx = vertx;
    this.busAddress = busAddress;
    this.config = config;
    this.metrics = metrics;
    this.backends = new BackendSelector(vertx, config::current, ReconnectBackoff::delayMs);
    config.onChange(change -> backends.configChanged(change.changed()));
    metrics.gauges(view);
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
    Metrics metrics = new Metrics();
    return NodeVertx.build(initial, metrics).compose(built -> start(built.vertx(), sources, metrics, built.busAddress()));
  }

  private static Future<WorkerNode> start(Vertx vertx, ConfigService.Sources sources, Metrics metrics, String busAddress) {
    return ConfigService.start(vertx, sources)
        .compose(cfg -> {
          WorkerNode node = new WorkerNode(vertx, cfg, metrics, busAddress);
          cfg.onChange(change -> Logging.apply(change.current().logFormat(), change.current().logLevel()));
          return node.deployAll().map(node);
        })
        .onFailure(e -> vertx.close());
  }

  private Future<Void> deployAll() {
    WorkerConfig cfg = config.current();
    LOG.info("Starting worker {} (roles {}), config {}", cfg.workerId(), cfg.roles(), cfg);
    status = new StatusVerticle(config, view, metrics);
    clusterView = new ClusterView(vertx, cfg.clusterEnabled(), cfg.workerId(), this::memberInfo, 2000);
    Future<Void> chain = deploy(status).compose(v -> clusterView.start());
    if (busAddress != null) {
      // not ready until another member has reached this node's bus (or there is none); members without an eventBus
      // entry run a version without the check, answer no probes and are left out (a rolling upgrade stays ready)
      busCheck = new BusReachability(vertx, cfg.workerId(), busAddress, 2000, () -> clusterView.workerIdsWith("eventBus"));
      chain = chain.compose(v -> busCheck.start());
    }
    if (cfg.roles().contains("render")) {
      render = new RenderVerticle(config);
      chain = chain.compose(v -> deploy(render));
    }
    if (cfg.roles().contains("jobs")) {
      jobs = new JobsVerticle(config, metrics, shuttingDown::get, backends);
      chain = chain.compose(v -> deploy(jobs));
      // Modelibr's extraction queue; with auto it polls only once the probe has found Modelibr
      if (!cfg.apiProfile().equals("spec")) chain = chain.compose(v -> deploy(new ExtractionVerticle(config, backends)));
    }
    if (cfg.roles().contains("hub")) {
      // the lease makes exactly one node of a cluster hold the hub connection (a lone node takes it at once)
      hubDeployment = new HubDeployment(vertx, () -> new HubVerticle(config, backends));
      hubLease = new HubLease(vertx, cfg.workerId(), HUB_LEASE_RENEW_MS, HUB_LEASE_TTL_MS, hubDeployment);
      chain = chain.compose(v -> hubLease.start());
    }
    return chain
        .onSuccess(v -> {
          ready.set(true);
          LOG.info("Worker {} ready", cfg.workerId());
        });
  }

  /** This node's entry in the cluster view. */
  private JsonObject memberInfo() {
    WorkerConfig cfg = config.current();
    JsonObject info = new JsonObject().put("workerId", cfg.workerId()).put("roles", new JsonArray(List.copyOf(cfg.roles())))
        .put("activeJobs", view.activeJobs()).put("holdsHub", view.hub().connected());
    return busCheck == null ? info : info.put("eventBus", busCheck.toJson());
  }

  private Future<Void> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployments::push).mapEmpty();
  }

  /**
   * Idempotent; callable from any thread. Completes once Vert.x is closed. Vert.x is closed from a plain thread
   * because a close started on an event loop would try to report back to that (by then terminated) loop.
   */
  public synchronized Future<Void> shutdown() {
    if (shutdown != null) return shutdown.future();
    shutdown = Promise.promise(); // no context: completes on the closing thread, awaitable from any non-Vert.x thread
    shuttingDown.set(true);
    int grace = config.current().integer(ConfigKey.SHUTDOWN_GRACE_MS);
    LOG.info("Shutting down{}", grace > 0 ? " after a " + grace + " ms grace period" : "");
    Future<Void> grant = grace > 0 ? vertx.timer(grace, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
    grant.compose(v -> hubLease == null ? Future.succeededFuture() : hubLease.stop())
        .recover(e -> Future.succeededFuture())
        .compose(v -> clusterView == null ? Future.succeededFuture() : clusterView.stop())
        .recover(e -> Future.succeededFuture())
        .compose(v -> undeployInOrder()).onComplete(ar -> {
      config.close();
      new Thread(this::closeVertx, "vertx-close").start();
    });
    return shutdown.future();
  }

  private void closeVertx() {
    try {
      vertx.close().await(60, TimeUnit.SECONDS);
      LOG.info("Shutdown complete");
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
    } finally {
      shutdown.complete();
    }
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
  /** What this node is doing now, as its status endpoint shows it. */
  public NodeView view() { return view; }
  public Metrics metrics() { return metrics; }
  public int statusPort() { return status.port(); }

  /** Reads each part from its owner; a role this node does not run reads as idle. */
  private final class View implements NodeView {
    @Override public Instant startedAt() { return startedAt; }
    @Override public boolean ready() { return ready.get() && (busCheck == null || busCheck.ready()); }
    @Override public String notReadyReason() { return busCheck == null ? null : busCheck.problem(); }
    @Override public boolean shuttingDown() { return shuttingDown.get(); }
    @Override public int activeJobs() { return jobs == null ? 0 : jobs.activeJobs(); }
    @Override public boolean polling() { return jobs != null && jobs.polling(); }
    @Override public String apiProfile() { return backends.describe(); }

    @Override
    public HubState hub() {
      HubVerticle h = hubDeployment == null ? null : hubDeployment.current();
      return h == null ? HubState.disconnected() : h.state();
    }

    @Override
    public RenderInfo render() {
      RenderVerticle r = render;
      if (r == null) return RenderInfo.NONE;
      return new RenderInfo(r.glVendor(), r.glRenderer(), r.threads(), r.healthy());
    }

    @Override
    public JsonObject cluster() {
      ClusterView c = clusterView;
      return c == null ? new JsonObject().put("enabled", false).put("members", new JsonArray()) : c.snapshot();
    }
  }
}
