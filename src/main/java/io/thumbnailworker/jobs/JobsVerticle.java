package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubState;
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

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Claims and runs jobs with MAX_CONCURRENT_JOBS slots (live). A hint (hub notification, poll tick, freed slot) starts
 * the claim loop: {@code dequeue} until 204 or full. Stopping (shutdown) claims nothing more, lets jobs in flight
 * finish for SHUTDOWN_TIMEOUT_MS, then fails the rest back with "worker shutting down" so the API re-queues them.
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);

  private final ConfigService config;
  private final BooleanSupplier draining;
  private final Metrics metrics;
  private final Slots slots = new Slots();
  private ApiClient api;
  private Outbox outbox;
  private JobRunner runner;
  private Poller poller;
  private volatile int activeJobs;
  private boolean claiming;
  private boolean hintWhileClaiming;
  private boolean stopping;
  private long lastClaimError;

  public JobsVerticle(ConfigService config, Metrics metrics, BooleanSupplier draining) {
    this.config = config;
    this.draining = draining;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    WorkerConfig cfg = config.current();
    api = new ApiClient(vertx, cfg, config::current);
    outbox = new Outbox(vertx, cfg.storagePath().resolve("outbox"), () -> api);
    runner = new JobRunner(vertx, () -> api, config::current, outbox, metrics);
    poller = new Poller(vertx, config::current, this::claim);
    poller.hubConnected(false);
    var hints = vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_AVAILABLE, msg -> claim());
    var hub = vertx.eventBus().<JsonObject>consumer(Addresses.HUB_STATE,
        msg -> poller.hubConnected(HubState.fromJson(msg.body()).connected()));
    var reload = vertx.eventBus().<JsonObject>localConsumer(Addresses.CONFIG_CHANGED, msg -> configChanged(msg.body()));
    return Future.all(hints.completion(), hub.completion(), reload.completion())
        .compose(v -> outbox.start(5_000))
        .onSuccess(v -> {
          LOG.info("Job verticle ready: {} slot(s), API {}", cfg.maxConcurrentJobs(), cfg.apiBaseUrl());
          claim();
        });
  }

  private void configChanged(JsonObject change) {
    JsonArray keys = change.getJsonArray("changed", new JsonArray());
    WorkerConfig cfg = config.current();
    if (keys.contains(ConfigKey.API_BASE_URL.name()) || keys.contains(ConfigKey.WORKER_API_KEY.name())
        || keys.contains(ConfigKey.TLS_REJECT_UNAUTHORIZED.name()) || keys.contains(ConfigKey.HTTP_TIMEOUT_MS.name())) {
      ApiClient old = api;
      api = new ApiClient(vertx, cfg, config::current);
      vertx.setTimer(cfg.integer(ConfigKey.HTTP_TIMEOUT_MS), id -> old.close());   // let calls in flight finish
      LOG.info("API client rebuilt for {}", cfg.apiBaseUrl());
    }
    poller.reschedule();
    claim();          // MAX_CONCURRENT_JOBS may have grown
  }

  /** Jobs running on this node now (readable from any thread). */
  public int activeJobs() { return activeJobs; }

  /** True while this node polls because no hub connection is up. */
  public boolean polling() { return poller != null && poller.polling(); }

  /** Starts the claim loop unless one runs already; a hint that arrives meanwhile makes the loop go once more. */
  void claim() {
    if (stopping || draining.getAsBoolean()) return;
    if (claiming) {
      hintWhileClaiming = true;
      return;
    }
    if (slots.active() >= config.current().maxConcurrentJobs()) return;
    claiming = true;
    hintWhileClaiming = false;
    long t0 = System.currentTimeMillis();
    api.dequeue().onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        if (stopping) return;
        long now = System.currentTimeMillis();
        // the API being down is normal while it restarts: one warning a minute, the rest at debug
        if (now - lastClaimError > 60_000) LOG.warn("Claiming a job failed: {}", Errors.oneLine(ar.cause()));
        else LOG.debug("Claiming a job failed: {}", Errors.oneLine(ar.cause()));
        lastClaimError = now;
        return;
      }
      if (ar.result().isEmpty()) {
        if (hintWhileClaiming) claim();
        return;
      }
      metrics.stage(io.thumbnailworker.status.Metrics.Stage.claim, System.currentTimeMillis() - t0);
      startJob(ar.result().get());
      claim();
    });
  }

  private void startJob(JsonObject job) {
    if (!(job.getValue("id") instanceof Number) || !(job.getValue("modelId") instanceof Number)) {
      LOG.warn("dequeue answered a job without a numeric id/modelId, ignoring it: {}", job.encode());
      return;                    // nothing to report it against; the API's lease will re-queue it
    }
    metrics.jobClaimed();
    JobControl control = new JobControl();
    // a claim answered after shutdown began is given straight back (the slot is still tracked, so stop() waits for it)
    if (stopping || draining.getAsBoolean()) control.cancel("worker shutting down", true);
    long jobId = job.getLong("id");
    int timeoutMs = config.current().integer(ConfigKey.JOB_TIMEOUT_MS);
    long timer = vertx.setTimer(timeoutMs, id -> control.cancel("timed out after " + timeoutMs + " ms (JOB_TIMEOUT_MS)"));
    slots.take(jobId, control, runner.run(job, control));
    activeJobs = slots.active();
    slots.get(jobId).future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      activeJobs = slots.release(jobId);
      claim();
    });
  }

  /** {@code f}, or a failure after {@code ms}; the timer runs on this verticle's context (Future.timeout does not). */
  private Future<Void> within(Future<Void> f, long ms) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(Math.max(1, ms), id -> p.tryFail("timed out after " + ms + " ms"));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      p.tryComplete();
    });
    return p.future();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    poller.stop();
    int timeoutMs = config.current().integer(ConfigKey.SHUTDOWN_TIMEOUT_MS);
    Map<Long, Slots.Slot> inFlight = slots.snapshot();
    if (!inFlight.isEmpty()) LOG.info("Waiting up to {} ms for {} job(s) in flight", timeoutMs, inFlight.size());
    return within(Future.join(inFlight.values().stream().map(Slots.Slot::future).toList()).mapEmpty(), timeoutMs)
        .recover(timeout -> {
          Map<Long, Slots.Slot> left = slots.snapshot();
          LOG.warn("Failing back {} job(s) still running after {} ms: worker shutting down", left.size(), timeoutMs);
          left.values().forEach(s -> s.control().cancel("worker shutting down", true));
          return within(Future.join(left.values().stream().map(Slots.Slot::future).toList()).mapEmpty(), 60_000);
        })
        .otherwiseEmpty()
        .eventually(() -> {
          outbox.stop();
          api.close();
          return Future.succeededFuture();
        });
  }
}
