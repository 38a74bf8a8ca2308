package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelibrBackend;
import io.thumbnailworker.bus.JobStatusChange;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The scheduler on its own, with a fake claim source and a fake runner (no verticle, no HTTP). Everything runs on one
 * Vert.x context, as in the job verticle.
 */
class JobSchedulerTest {
  Vertx vertx;
  Context context;
  final AtomicReference<WorkerConfig> config = new AtomicReference<>();
  final Claims claims = new Claims();
  final Runs runs = new Runs();
  final AtomicBoolean draining = new AtomicBoolean();
  JobScheduler scheduler;

  /** Hands out queued jobs; in {@code hold} mode each dequeue waits until the test answers it. */
  static final class Claims implements JobScheduler.ClaimSource {
    final Deque<DequeuedJob> queue = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    final List<Promise<Optional<DequeuedJob>>> held = new CopyOnWriteArrayList<>();
    final Deque<Throwable> failures = new ArrayDeque<>();
    volatile boolean hold;

    @Override
    public Future<Optional<DequeuedJob>> dequeue() {
      calls.incrementAndGet();
      if (!failures.isEmpty()) return Future.failedFuture(failures.poll());
      if (!hold) return Future.succeededFuture(Optional.ofNullable(queue.poll()));
      Promise<Optional<DequeuedJob>> p = Promise.promise();
      held.add(p);
      return p.future();
    }
  }

  /** One started job: what the scheduler handed the runner, and the promise that ends it. */
  record Run(ClaimedJob claimed, JobControl control, Promise<Void> done) {}

  /** Records every job started; a job ends when the test completes it, or when it is cancelled. */
  static final class Runs implements JobScheduler.Runner {
    final List<Run> started = new CopyOnWriteArrayList<>();

    @Override
    public Future<?> run(ClaimedJob job, JobControl control) {
      Run run = new Run(job, control, Promise.promise());
      control.onCancel().onSuccess(v -> run.done().tryComplete());   // a cancelled job reports and ends
      started.add(run);
      return run.done().future();
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    configure(Map.of());
    scheduler = new JobScheduler(vertx, config::get, claims, runs, new Metrics(), draining::get);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void configure(Map<String, Object> values) {
    JsonObject flat = new JsonObject().put("MAX_CONCURRENT_JOBS", 2).put("JOB_TIMEOUT_MS", 60_000);
    values.forEach(flat::put);
    config.set(WorkerConfig.from(flat));
  }

  private void queue(int count) {
    on(() -> {
      for (int i = 0; i < count; i++) {
        long id = claims.queue.size() + runs.started.size() + 1;
        claims.queue.add(TestSupport.job(id, 1000 + id));
      }
    });
  }

  /** Runs {@code action} on the scheduler's context and waits for it. */
  private <T> T on(Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.orTimeout(5, TimeUnit.SECONDS).join();
  }

  private void on(Runnable action) {
    on(() -> {
      action.run();
      return null;
    });
  }

  @Test
  @DisplayName("never more than MAX_CONCURRENT_JOBS at once; a full node does not dequeue; a freed slot claims the next")
  void slotLimit() {
    queue(5);
    on(scheduler::hint);
    assertEquals(2, runs.started.size());
    assertEquals(2, claims.calls.get(), "no dequeue once the slots are full");
    assertEquals(2, scheduler.activeJobs());
    on(scheduler::hint);
    assertEquals(2, claims.calls.get(), "a hint on a full node claims nothing");

    on(() -> runs.started.get(0).done().complete());
    assertEquals(3, runs.started.size(), "the freed slot took the next job");
    assertEquals(2, scheduler.activeJobs());

    configure(Map.of("MAX_CONCURRENT_JOBS", 5));           // read live, on the next hint
    on(scheduler::hint);
    assertEquals(4, scheduler.activeJobs());
    assertEquals(5, runs.started.size());
    assertEquals(6, claims.calls.get(), "the last dequeue found nothing");
  }

  @Test
  @DisplayName("a hint during a dequeue makes the loop go once more; without one an empty answer ends the loop")
  void hintWhileClaiming() {
    claims.hold = true;
    on(scheduler::hint);
    on(scheduler::hint);
    assertEquals(1, claims.calls.get(), "one claim loop at a time");
    on(() -> claims.held.get(0).complete(Optional.empty()));
    assertEquals(2, claims.calls.get(), "the hint that came meanwhile is not lost");
    on(() -> claims.held.get(1).complete(Optional.empty()));
    assertEquals(2, claims.calls.get(), "no hint meanwhile: the loop ends");

    on(scheduler::hint);
    assertEquals(3, claims.calls.get());
    on(() -> claims.held.get(2).complete(Optional.of(TestSupport.job(7, 1007))));
    assertEquals(1, runs.started.size());
    assertEquals(4, claims.calls.get(), "a claimed job makes the loop try the next one");
  }

  @Test
  @DisplayName("the deadline is fixed at claim time; when it passes the job is cancelled and its slot goes to the next")
  void deadline() {
    configure(Map.of("MAX_CONCURRENT_JOBS", 1, "JOB_TIMEOUT_MS", 1000));
    queue(2);
    long before = System.currentTimeMillis();
    on(scheduler::hint);
    long after = System.currentTimeMillis();
    Run first = runs.started.get(0);
    assertTrue(first.claimed().claimedAtMs() >= before && first.claimed().claimedAtMs() <= after);
    assertEquals(first.claimed().claimedAtMs() + 1000, first.claimed().deadline());
    assertEquals(1, runs.started.size());

    eventually(Duration.ofSeconds(5), "the first job cancelled", () -> first.control().isCancelled());
    assertTrue(System.currentTimeMillis() >= first.claimed().deadline() - 20, "not before its deadline");
    assertEquals("timed out after 1000 ms (JOB_TIMEOUT_MS)", first.control().reason());
    assertFalse(first.control().isHard(), "a timeout lets a running upload finish");
    eventually(Duration.ofSeconds(5), "the next job started", () -> runs.started.size() == 2);
    assertEquals(1, on(scheduler::activeJobs));
  }

  @Test
  @DisplayName("a job from a backend with a job lock (modelibr) gets a deadline inside it, logged once; other jobs keep JOB_TIMEOUT_MS")
  void deadlineInsideTheJobLock() {
    configure(Map.of("MAX_CONCURRENT_JOBS", 3, "JOB_TIMEOUT_MS", 600_000));
    ModelibrBackend modelibr = new ModelibrBackend();
    on(() -> {
      for (long id = 1; id <= 2; id++) {
        claims.queue.add(modelibr.readJob(new JsonObject().put("id", id).put("assetType", "Model").put("modelId", 100 + id)));
      }
      claims.queue.add(TestSupport.job(3, 103));
    });
    try (var log = TestSupport.captureLog(JobScheduler.class)) {
      on(scheduler::hint);
      eventually(Duration.ofSeconds(5), "three jobs started", () -> runs.started.size() == 3);
      assertEquals(List.of(480_000L, 480_000L, 600_000L), runs.started.stream().map(r -> r.claimed().timeoutMs()).toList());
      assertEquals(1, log.count("JOB_TIMEOUT_MS=600000 does not fit inside the modelibr backend's job lock; its jobs end after 480000 ms"));
    }
  }

  @Test
  @DisplayName("stop lets jobs finish within the grace period, fails back the rest, and claims nothing more")
  void stopDrainsThenFailsBack() throws Exception {
    configure(Map.of("MAX_CONCURRENT_JOBS", 3));
    queue(4);
    on(scheduler::hint);
    assertEquals(3, runs.started.size());
    Run quick = runs.started.get(0);
    Future<Void> stopped = on(() -> scheduler.stop(300));
    on(() -> quick.done().complete());                       // finishes within the grace period
    stopped.await(5, TimeUnit.SECONDS);

    assertFalse(quick.control().isCancelled());
    for (Run left : runs.started.subList(1, 3)) {
      assertEquals("worker shutting down", left.control().reason());
      assertTrue(left.control().isHard(), "a shutdown also aborts uploads");
    }
    assertEquals(0, on(scheduler::activeJobs));
    int calls = claims.calls.get();
    on(scheduler::hint);
    assertEquals(calls, claims.calls.get(), "nothing is claimed once stopping");
    assertEquals(3, runs.started.size());
  }

  @Test
  @DisplayName("a claim answered after stop began is given straight back")
  void claimAnsweredWhileStopping() throws Exception {
    claims.hold = true;
    on(scheduler::hint);
    on(() -> scheduler.stop(100)).await(5, TimeUnit.SECONDS);
    on(() -> claims.held.get(0).complete(Optional.of(TestSupport.job(9, 1009))));
    assertEquals(1, runs.started.size());
    assertEquals("worker shutting down", runs.started.get(0).control().reason());
    assertTrue(runs.started.get(0).control().isHard());
  }

  @Test
  @DisplayName("while the node drains nothing is claimed")
  void drainingClaimsNothing() {
    queue(1);
    draining.set(true);
    on(scheduler::hint);
    assertEquals(0, claims.calls.get());
  }

  @Test
  @DisplayName("an unreadable answer ends the loop until the next hint; a connection error ends it too")
  void claimFailures() {
    queue(1);
    claims.failures.add(new JobFailure("POST /api/thumbnail-jobs/dequeue answered 200 with an empty body"));
    on(scheduler::hint);
    assertEquals(0, runs.started.size(), "no dequeue right after an unreadable answer");
    assertEquals(1, claims.calls.get());
    on(scheduler::hint);
    assertEquals(1, runs.started.size(), "the next hint got the real job");

    claims.failures.add(new ConnectException("Connection refused"));
    on(() -> runs.started.get(0).done().complete());      // frees the slot: the loop runs and meets the error
    assertEquals(4, claims.calls.get(), "a failed claim waits for the next hint");
    assertEquals(0, on(scheduler::activeJobs));
  }

  @Test
  @DisplayName("a job handed out again while it runs here is not started twice and takes one slot; the next job gets the other")
  void sameJobClaimedAgainRunsOnce() {
    on(() -> {
      claims.queue.add(TestSupport.job(1, 1001));
      claims.queue.add(TestSupport.job(1, 1001));          // its lease ran out and this worker claimed it again
      claims.queue.add(TestSupport.job(2, 1002));
      claims.queue.add(TestSupport.job(3, 1003));
    });
    on(scheduler::hint);
    assertEquals(List.of(1L, 2L), runs.started.stream().map(r -> r.claimed().id()).toList());
    assertEquals(2, on(scheduler::activeJobs), "one slot per job that runs");
    assertEquals(3, claims.calls.get(), "full after jobs 1 and 2: job 3 waits");
    on(() -> runs.started.get(0).done().complete());
    assertEquals(List.of(1L, 2L, 3L), runs.started.stream().map(r -> r.claimed().id()).toList());
    assertEquals(2, on(scheduler::activeJobs));
  }

  @Test
  @DisplayName("a job handed out again while its copy here reports starts once that copy has ended, in the same slot")
  void reclaimedWhileReportingStartsAfterIt() {
    on(() -> claims.queue.add(TestSupport.job(1, 1001)));
    on(scheduler::hint);
    on(() -> runs.started.get(0).control().reporting());    // its failure report re-queued it
    on(() -> claims.queue.add(TestSupport.job(1, 1001)));
    on(scheduler::hint);
    assertEquals(1, runs.started.size(), "not while the first copy is still running");
    assertEquals(1, on(scheduler::activeJobs));
    on(() -> runs.started.get(0).done().complete());
    assertEquals(List.of(1L, 1L), runs.started.stream().map(r -> r.claimed().id()).toList());
    assertEquals(1, on(scheduler::activeJobs));
    on(() -> runs.started.get(1).done().complete());
    assertEquals(0, on(scheduler::activeJobs));
  }

  @Test
  @DisplayName("a job the API reports with another worker is abandoned; a report naming this worker changes nothing")
  void lostLeaseAbandonsTheJob() {
    queue(2);
    on(scheduler::hint);
    String me = config.get().workerId();
    on(() -> scheduler.statusChanged(new JobStatusChange(1L, "InProgress", me, null)));
    on(() -> scheduler.statusChanged(new JobStatusChange(2L, "Pending", null, null)));
    assertFalse(runs.started.get(0).control().isCancelled());
    assertFalse(runs.started.get(1).control().isCancelled());
    on(() -> scheduler.statusChanged(new JobStatusChange(1L, "Processing", "w-other", "2026-12-01T00:00:00Z")));
    JobControl lost = runs.started.get(0).control();
    assertTrue(lost.isAbandoned(), "abandoned: ends without a report");
    assertTrue(lost.reason().contains("lease lost") && lost.reason().contains("w-other"), lost.reason());
    assertFalse(runs.started.get(1).control().isCancelled());
  }

  @Test
  @DisplayName("a claim the worker cannot process is started already cancelled with its reason, so it is failed back; the loop goes on")
  void unusableJobIsFailedBack() {
    queue(1);
    on(() -> claims.failures.add(new UnusableJob(null, "a job of asset type 'Extraction', which this worker cannot report on")));
    on(() -> claims.failures.add(new UnusableJob(TestSupport.job(7, 0), "claim: a job without a numeric modelId")));
    on(scheduler::hint);
    assertEquals(List.of(7L, 1L), runs.started.stream().map(r -> r.claimed().id()).toList());
    JobControl refused = runs.started.get(0).control();
    assertTrue(refused.isCancelled() && !refused.isAbandoned());
    assertEquals("claim: a job without a numeric modelId", refused.reason());
    // the unreportable job, job 7, job 1, none; and none again once job 7 was given back and freed its slot
    assertEquals(5, claims.calls.get());
  }
}
