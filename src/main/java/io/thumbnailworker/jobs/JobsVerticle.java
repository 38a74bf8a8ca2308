package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubState;
import io.thumbnailworker.bus.JobStatusChange;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The job side of a node: wires the bus to a {@link JobScheduler}. Hints ({@code thumbnail.jobs.available}) and poll
 * ticks start the claim loop, status changes ({@code thumbnail.jobs.status}) tell it of jobs lost to another worker,
 * hub state sets the {@link Poller}'s period, and a config change rebuilds the API client
 * when its connection settings changed. Stopping lets jobs in flight finish for SHUTDOWN_TIMEOUT_MS, then fails the
 * rest back.
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);
  private static final List<ConfigKey> CONNECTION_KEYS = List.of(ConfigKey.API_BASE_URL, ConfigKey.WORKER_API_KEY,
      ConfigKey.TLS_REJECT_UNAUTHORIZED, ConfigKey.HTTP_TIMEOUT_MS);

  private final ConfigService config;
  private final Metrics metrics;
  private final BooleanSupplier draining;
  private final BackendSelector backends;
  private volatile ApiClient api;
  private Outbox outbox;
  private JobFolders folders;
  private volatile JobScheduler scheduler;
  private volatile Poller poller;

  /** {@code draining} is true once the node shuts down; {@code backends} says which contract the API speaks. */
  public JobsVerticle(ConfigService config, Metrics metrics, BooleanSupplier draining, BackendSelector backends) {
    this.config = config;
    this.metrics = metrics;
    this.draining = draining;
    this.backends = backends;
  }

  @Override
  public Future<?> start() {
    WorkerConfig cfg = config.current();
    return vertx.executeBlocking(() -> JobFolders.openAndSweep(cfg.storagePath()), false).compose(f -> {
      folders = f;
      return startJobs(cfg);
    });
  }

  private Future<?> startJobs(WorkerConfig cfg) {
    api = new ApiClient(vertx, cfg, config::current, backends);
    outbox = new Outbox(vertx, cfg.storagePath().resolve("outbox"), () -> api);
    JobRunner runner = new JobRunner(vertx, () -> api, config::current, outbox, metrics, folders);
    scheduler = new JobScheduler(vertx, config::current, () -> api.dequeue(), runner::run, metrics, draining);
    poller = new Poller(vertx, config::current, scheduler::hint);
    poller.hubConnected(false);
    var hints = vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_AVAILABLE, msg -> scheduler.hint());
    // a job running here that the API reports with another worker was lost: the scheduler abandons it
    var statuses = vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_STATUS,
        msg -> scheduler.statusChanged(JobStatusChange.fromJson(msg.body())));
    var hub = vertx.eventBus().<JsonObject>consumer(Addresses.HUB_STATE,
        msg -> poller.hubConnected(HubState.fromJson(msg.body()).connected()));
    var reload = vertx.eventBus().<JsonObject>localConsumer(Addresses.CONFIG_CHANGED, msg -> configChanged(msg.body()));
    return Future.all(hints.completion(), statuses.completion(), hub.completion(), reload.completion())
        .compose(v -> outbox.start(5_000))
        .onSuccess(v -> {
          LOG.info("Job verticle ready: {} slot(s), API {} (API_PROFILE={})", cfg.maxConcurrentJobs(), cfg.apiBaseUrl(),
              cfg.apiProfile());
          scheduler.hint();
        });
  }

  private void configChanged(JsonObject change) {
    JsonArray keys = change.getJsonArray("changed", new JsonArray());
    WorkerConfig cfg = config.current();
    if (CONNECTION_KEYS.stream().anyMatch(k -> keys.contains(k.name()))) {
      ApiClient old = api;
      api = new ApiClient(vertx, cfg, config::current, backends);
      vertx.setTimer(cfg.integer(ConfigKey.HTTP_TIMEOUT_MS), id -> old.close());   // let calls in flight finish
      LOG.info("API client rebuilt for {}", cfg.apiBaseUrl());
    }
    poller.reschedule();
    scheduler.hint();          // MAX_CONCURRENT_JOBS may have grown
  }

  /** Jobs running on this node now (readable from any thread). */
  public int activeJobs() {
    JobScheduler s = scheduler;
    return s == null ? 0 : s.activeJobs();
  }

  /** True while this node polls because no hub connection is up. */
  public boolean polling() { return poller != null && poller.polling(); }

  @Override
  public Future<?> stop() {
    poller.stop();
    return scheduler.stop(config.current().integer(ConfigKey.SHUTDOWN_TIMEOUT_MS))
        .eventually(() -> {
          outbox.stop();
          api.close();
          return folders.closeOn(vertx);
        });
  }
}
