package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.bus.JobStatusChange;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Decides when to claim and keeps count of the jobs this node runs. A hint (hub notification, poll tick, freed slot)
 * starts the claim loop: {@code dequeue} until none is waiting or MAX_CONCURRENT_JOBS (live) slots are taken. One loop
 * at a time; a hint that arrives during a {@code dequeue} makes the loop go once more, so no hint is lost. Each claim
 * fixes the job's deadline ({@link ClaimedJob}) and arms a timer that cancels the job when it passes. {@link #stop}
 * claims nothing more, lets jobs in flight finish for a grace period, then fails the rest back.
 *
 * <p>One job id runs at most once here, and a slot is a job that runs: a job handed to this worker again while it runs
 * (its lease ran out and the API re-queued it, or its failure report re-queued it) is not started a second time: the
 * copy running carries on under the new claim, or, when that copy is already ending (cancelled or reporting), the new
 * claim starts once it has ended. A job the API says another worker holds now ({@link #statusChanged}) is abandoned:
 * stopped, and not reported. A claim the worker cannot process ({@link UnusableJob}) is failed back with its reason;
 * an answer that could not be read at all is logged, and the next hint or poll claims again.
 *
 * <p>Not thread-safe: call it, and complete the futures its collaborators return, on one Vert.x context.
 */
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final String SHUTTING_DOWN = "worker shutting down";
  /** How long failed-back jobs get to hand their fail report to the outbox. */
  private static final long FAIL_BACK_WAIT_MS = 60_000;

  /** One claim attempt: the job won, or empty when none is waiting. */
  @FunctionalInterface
  public interface ClaimSource {
    Future<Optional<DequeuedJob>> dequeue();
  }

  /** Runs one claimed job until its outcome is reported; the future never fails. */
  @FunctionalInterface
  public interface Runner {
    Future<?> run(ClaimedJob job, JobControl control);
  }

  private record Slot(JobControl control, Future<?> done) {}

  private final Vertx vertx;
  private final Supplier<WorkerConfig> config;
  private final ClaimSource claims;
  private final Runner runner;
  private final Metrics metrics;
  private final BooleanSupplier draining;
  private final Map<Long, Slot> slots = new LinkedHashMap<>();
  private volatile int activeJobs;
  private boolean claiming;
  private boolean hintWhileClaiming;
  private boolean stopping;
  private long lastClaimError;
  private boolean timeoutCapLogged;

  /** {@code draining} is true once the node shuts down: no claim starts after that. */
  public JobScheduler(Vertx vertx, Supplier<WorkerConfig> config, ClaimSource claims, Runner runner, Metrics metrics,
                      BooleanSupplier draining) {
    this.vertx = vertx;
    this.config = config;
    this.claims = claims;
    this.runner = runner;
    this.metrics = metrics;
    this.draining = draining;
  }

  /** Jobs running on this node now (readable from any thread). */
  public int activeJobs() { return activeJobs; }

  /** A job may be waiting: starts the claim loop unless one runs already, in which case it goes once more. */
  public void hint() {
    if (stopping || draining.getAsBoolean()) return;
    if (claiming) {
      hintWhileClaiming = true;
      return;
    }
    if (slots.size() >= config.get().maxConcurrentJobs()) return;
    claiming = true;
    hintWhileClaiming = false;
    long t0 = System.currentTimeMillis();
    claims.dequeue().onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        claimFailed(ar.cause());
        return;
      }
      if (ar.result().isEmpty()) {
        if (hintWhileClaiming) hint();
        return;
      }
      metrics.stage(Metrics.Stage.claim, System.currentTimeMillis() - t0);
      DequeuedJob job = ar.result().get();
      start(ClaimedJob.now(job, timeoutMs(job)));
      hint();
    });
  }

  /**
   * JOB_TIMEOUT_MS, or less where the job's backend holds a job for a bounded time and accepts any finish after it
   * (Modelibr): the job must end, and be reported, inside that lock. The first such cap is logged.
   */
  private long timeoutMs(DequeuedJob job) {
    long configured = config.get().integer(ConfigKey.JOB_TIMEOUT_MS);
    OptionalLong max = job.backend().maxJobTimeoutMs();
    if (max.isEmpty() || configured <= max.getAsLong()) return configured;
    if (!timeoutCapLogged) {
      timeoutCapLogged = true;
      LOG.warn("JOB_TIMEOUT_MS={} does not fit inside the {} backend's job lock; its jobs end after {} ms", configured,
          job.backend().profile(), max.getAsLong());
    }
    return max.getAsLong();
  }

  private void claimFailed(Throwable err) {
    if (stopping) return;
    if (err instanceof UnusableJob unusable && unusable.job() == null) {
      LOG.warn("{}", unusable.getMessage());
      hint();
      return;
    }
    if (err instanceof UnusableJob unusable) {
      LOG.warn("{}; failing job {} back", unusable.getMessage(), unusable.job().id());
      JobControl refused = new JobControl();
      refused.cancel(unusable.getMessage(), true);
      start(ClaimedJob.now(unusable.job(), timeoutMs(unusable.job())), refused);
      hint();
      return;
    }
    if (err instanceof JobFailure) {
      // an answer that is no job to report on: the claim, if it took one, is left to the API's lease. Claiming again
      // at once could meet the same answer in a loop; the next hint or poll tries again
      LOG.warn("{}; claiming again on the next hint or poll", err.getMessage());
      return;
    }
    long now = System.currentTimeMillis();
    // the API being down is normal while it restarts: one warning a minute, the rest at debug
    if (now - lastClaimError > 60_000) LOG.warn("Claiming a job failed: {}", Errors.oneLine(err));
    else LOG.debug("Claiming a job failed: {}", Errors.oneLine(err));
    lastClaimError = now;
  }

  private void start(ClaimedJob claimed) {
    start(claimed, new JobControl());
  }

  /** Starts {@code claimed} under {@code control} (already cancelled for a claim that is given straight back). */
  private void start(ClaimedJob claimed, JobControl control) {
    long id = claimed.id();
    Slot running = slots.get(id);
    if (running != null && !running.control().isCancelled() && !running.control().isReporting()) {
      LOG.warn("Job {} was handed to this worker again while it runs here (its lease had run out); the copy running "
          + "carries on under the new claim", id);
      return;
    }
    metrics.jobClaimed();
    // a claim answered after shutdown began is given straight back (the slot is still tracked, so stop() waits for it)
    if (stopping || draining.getAsBoolean()) control.cancel(SHUTTING_DOWN, true);
    if (running != null) {
      LOG.info("Job {} was handed to this worker again while its copy here is ending; it starts once that has", id);
    }
    Future<?> before = running == null ? Future.succeededFuture() : running.done();
    Future<?> done = before.transform(ar -> launch(claimed, control));
    Slot slot = new Slot(control, done);
    slots.put(id, slot);
    activeJobs = slots.size();
    done.onComplete(ar -> {
      slots.remove(id, slot);
      activeJobs = slots.size();
      hint();
    });
  }

  private Future<?> launch(ClaimedJob claimed, JobControl control) {
    long timer = vertx.setTimer(Math.max(1, claimed.remainingMs()), id -> control.cancel(claimed.timeoutReason()));
    return runner.run(claimed, control).onComplete(ar -> vertx.cancelTimer(timer));
  }

  /**
   * The API says a job changed hands: when it names another worker for a job running here, this worker's lease was
   * lost, and the copy here is abandoned (stopped without a report, which would land on the new holder's claim).
   */
  public void statusChanged(JobStatusChange change) {
    if (change.jobId() == null || change.workerId() == null) return;
    Slot slot = slots.get(change.jobId());
    if (slot == null || slot.control().isCancelled() || change.workerId().equals(config.get().workerId())) return;
    String why = "lease lost: the API reports job " + change.jobId() + " " + change.status() + " with worker " + change.workerId();
    LOG.warn("{}; stopping the copy here without reporting", why);
    slot.control().abandon(why);
  }

  /**
   * Claims nothing more; waits up to {@code graceMs} for the jobs in flight, then cancels the rest with
   * "worker shutting down" (they report a failure, so the API re-queues them) and waits for their reports.
   */
  public Future<Void> stop(long graceMs) {
    stopping = true;
    List<Slot> inFlight = List.copyOf(slots.values());
    if (!inFlight.isEmpty()) LOG.info("Waiting up to {} ms for {} job(s) in flight", graceMs, inFlight.size());
    return within(allDone(inFlight), graceMs)
        .recover(timeout -> {
          List<Slot> left = List.copyOf(slots.values());
          LOG.warn("Failing back {} job(s) still running after {} ms: {}", left.size(), graceMs, SHUTTING_DOWN);
          left.forEach(s -> s.control().cancel(SHUTTING_DOWN, true));
          return within(allDone(left), FAIL_BACK_WAIT_MS);
        })
        .otherwiseEmpty();
  }

  private static Future<Void> allDone(List<Slot> slots) {
    return Future.join(slots.stream().map(Slot::done).toList()).mapEmpty();
  }

  /** {@code f}, or a failure after {@code ms}; the timer runs on the caller's context (Future.timeout does not). */
  private Future<Void> within(Future<Void> f, long ms) {
    Promise<Void> p = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, ms), id -> p.tryFail("timed out after " + ms + " ms"));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      p.tryComplete();
    });
    return p.future();
  }
}
