package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.api.FaultInjector;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Worker nodes against the real reference API over real sockets (HTTP + SignalR WebSockets). The render engine is the
 * test stand-in (it writes real small WebP/JPEG files), so these run without GL; the real-render end-to-end tests are
 * in {@code RenderedEndToEndTest} and {@code ModelibrRenderedEndToEndTest}. The tests taking a {@link Contract} run in
 * each: the server in its default profile (the worker's {@code auto} picks the spec) and in {@code modelibr} only,
 * where the server counts every finish of a job ({@code finishCount}), so a job finished twice is seen.
 */
class PipelineEndToEndTest {
  @TempDir Path tmp;
  final List<WorkerNode> nodes = new ArrayList<>();
  RealApi api;

  @AfterEach
  void tearDown() throws Exception {
    for (WorkerNode n : nodes) n.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
  }

  private WorkerNode worker(String id, Map<String, Object> values) throws Exception {
    Map<String, Object> all = new java.util.HashMap<>(Map.of("WORKER_ID", id, "WORKER_ROLES", "hub,jobs"));
    all.putAll(values);
    WorkerNode node = RealApi.worker(tmp.resolve(id), api.baseUrl(), all);
    nodes.add(node);
    new FakeRender().start(node.vertx()).await(5, TimeUnit.SECONDS);
    return node;
  }

  private static void awaitHub(WorkerNode node) {
    eventually(Duration.ofSeconds(15), "hub connected", () -> node.view().hub().connected());
  }

  private void awaitCompleted(List<Long> jobIds, Duration timeout) {
    eventually(timeout, Duration.ofMillis(100), jobIds.size() + " job(s) completed", () -> api.all(jobIds, api.completed()));
  }

  /** Where the server counts finishes (modelibr), job {@code id} was finished exactly {@code n} times. */
  private void assertFinishes(long id, int n) throws Exception {
    JsonObject job = api.job(id);
    if (job.containsKey("finishCount")) assertEquals(n, job.getInteger("finishCount"), "finishes of job " + id + ": " + job.encode());
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("with the hub up, a job is claimed within 500 ms of its upload (median of 20) without a poll")
  void notificationLatency(Contract contract) throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server));
    WorkerNode node = worker("w-notify", Map.of("POLL_INTERVAL_MS", 3_600_000, "SAFETY_POLL_INTERVAL_MS", 3_600_000));
    awaitHub(node);
    Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
    node.vertx().eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().address().equals(Addresses.HUB_ACK)) {
        ackedAt.put(((JsonObject) ctx.message().body()).getLong("jobId"), System.nanoTime());
      }
      ctx.next();
    });
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      long jobId = api.uploadModel("n" + i + ".obj", RealApi.obj(i)).getLong("jobId");
      eventually(Duration.ofSeconds(5), "job " + jobId + " claimed", () -> ackedAt.containsKey(jobId));
      latencies.add(TimeUnit.NANOSECONDS.toMillis(ackedAt.get(jobId) - t0));
    }
    Collections.sort(latencies);
    long median = latencies.get(10);
    System.out.println(contract + " notification path: upload→claim ms sorted " + latencies + ", median " + median);
    assertTrue(median < 500, "median upload→claim " + median + " ms");
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("API down when the worker starts: it waits, then works")
  void apiDownAtStart(Contract contract) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
    WorkerNode node;
    try (TestSupport.LogCapture claims = TestSupport.captureLog(JobScheduler.class);
         TestSupport.LogCapture probe = TestSupport.captureLog(BackendSelector.class)) {
      node = RealApi.worker(tmp.resolve("w-early"), "http://127.0.0.1:" + port,
          Map.of("WORKER_ID", "w-early", "WORKER_ROLES", "hub,jobs", "POLL_INTERVAL_MS", 300));
      nodes.add(node);
      new FakeRender().start(node.vertx()).await(5, TimeUnit.SECONDS);
      // let it fail a few polls and a probe for the API's contract (API_PROFILE=auto)
      eventually(Duration.ofSeconds(10), "two failed claims", () -> claims.count("Claiming a job failed") >= 2);
      eventually(Duration.ofSeconds(10), "a failed probe", () -> probe.count("no thumbnail-jobs backend at") >= 1);
      assertFalse(node.view().hub().connected());
    }
    api = RealApi.start(tmp.resolve("api"), port, b -> b.profile(contract.server));
    long jobId = api.uploadModel("late.obj", RealApi.obj(1)).getLong("jobId");
    awaitCompleted(List.of(jobId), Duration.ofSeconds(30));
    awaitHub(node);
    assertEquals(contract.workerProfile, node.view().apiProfile());
    assertEquals(1, api.job(jobId).getInteger("attemptCount"));
    assertFinishes(jobId, 1);
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("hub stopped mid-run: polling keeps jobs flowing, the hub reconnects within the backoff, nothing runs twice")
  void hubStoppedMidRun(Contract contract) throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server));
    int port = api.port();
    WorkerNode node = worker("w-hub", Map.of("POLL_INTERVAL_MS", 200, "SAFETY_POLL_INTERVAL_MS", 3_600_000));
    awaitHub(node);
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) jobs.add(api.uploadModel("a" + i + ".obj", RealApi.obj(i)).getLong("jobId"));
    awaitCompleted(jobs, Duration.ofSeconds(20));

    // restart the API; its hub refuses one negotiation, so the worker stays disconnected for a few seconds
    // (attempts at 0 s and/or 2 s fail, the next one 2 s or 10 s later succeeds)
    api.stopServer();
    FaultInjector faults = new FaultInjector().failNext(1, "POST", contract.hubPath + "/negotiate.*", 503);
    long t0 = System.nanoTime();
    api.startServer(port, b -> b.profile(contract.server).faults(faults));
    eventually(Duration.ofSeconds(5), "disconnected and polling", () -> !node.view().hub().connected() && node.view().polling());
    List<Long> during = new ArrayList<>();
    for (int i = 0; i < 3; i++) during.add(api.uploadModel("b" + i + ".obj", RealApi.obj(10 + i)).getLong("jobId"));
    awaitCompleted(during, Duration.ofSeconds(20));
    assertFalse(node.view().hub().connected() && faults.injected() == 0, "the jobs above flowed while the hub was down");
    eventually(Duration.ofSeconds(25), "hub reconnected", () -> node.view().hub().connected());
    long reconnectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println("hub reconnected " + reconnectMs + " ms after the API came back (one refused negotiation)");
    // 0 s + 2 s + 10 s, each +20 % jitter at most, plus API start and handshakes
    assertTrue(reconnectMs < 20_000, "reconnected within the 0 s + 2 s + 10 s backoff (+ jitter): " + reconnectMs + " ms");
    // polls are off while the hub is up: a job after the reconnect is claimed because its announcement reached the
    // worker (Modelibr's hub announces only to workers that registered again on the new connection)
    eventually(Duration.ofSeconds(5), "polling stopped", () -> !node.view().polling());
    long after = api.uploadModel("c.obj", RealApi.obj(20)).getLong("jobId");
    awaitCompleted(List.of(after), Duration.ofSeconds(10));
    jobs.add(after);
    jobs.addAll(during);
    for (long id : jobs) {
      assertEquals(1, api.job(id).getInteger("attemptCount"), "job " + id + " ran once");
      assertFinishes(id, 1);
    }
    eventually(Duration.ofSeconds(5), "all counted", () -> node.metrics().completed() == 7);
    assertEquals(contract.workerProfile, node.view().apiProfile());
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("503 on the first two upload attempts: retried, the job completes once (worker on an explicit API_PROFILE)")
  void uploadFaults(Contract contract) throws Exception {
    FaultInjector faults = new FaultInjector().failNext(2, "POST", "/models/\\d+/thumbnail/upload", 503);
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server).faults(faults));
    worker("w-503", Map.of("POLL_INTERVAL_MS", 200, "API_PROFILE", contract.workerProfile));
    long jobId = api.uploadModel("x.obj", RealApi.obj(1)).getLong("jobId");
    awaitCompleted(List.of(jobId), Duration.ofSeconds(20));
    assertEquals(2, faults.injected());
    assertEquals(1, api.job(jobId).getInteger("attemptCount"));
    assertFinishes(jobId, 1);
    JsonObject model = api.model(api.job(jobId).getLong("modelId"));
    assertTrue(model.getString("thumbnailPath").endsWith("/thumbnail.webp"), model.encode());
    if (contract == Contract.SPEC) {
      assertNotNull(model.getString("posterPath"));
    } else {                                       // Modelibr's poster is a PNG, uploaded to png-upload
      assertEquals(model.getString("thumbnailPath"), api.job(jobId).getString("thumbnailPath"), "the finish named the WebP");
      assertEquals(200, api.get("/hashes/" + model.getString("hash") + "/thumbnail.png").statusCode());
    }
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("a download stalled past JOB_TIMEOUT_MS fails the job, frees the slot, and the next job runs")
  void stalledDownload(Contract contract) throws Exception {
    FaultInjector faults = new FaultInjector().stall(1, "GET", contract.modelFileRegex, 20_000);
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server).faults(faults));
    WorkerNode node = worker("w-stall", Map.of("POLL_INTERVAL_MS", 200, "MAX_CONCURRENT_JOBS", 1, "JOB_TIMEOUT_MS", 1500));
    long stalled = api.uploadModel("stalled.obj", RealApi.obj(1)).getLong("jobId");
    eventually(Duration.ofSeconds(10), "the stalled job failed once", () -> node.metrics().failed() == 1);
    long next = api.uploadModel("next.obj", RealApi.obj(2)).getLong("jobId");
    awaitCompleted(List.of(next, stalled), Duration.ofSeconds(20));   // the stalled one is retried by the API
    assertEquals(1, faults.injected(), "the stalled route was the one the worker downloads from");
    JsonObject j = api.job(stalled);
    assertEquals(2, j.getInteger("attemptCount"));
    assertFinishes(stalled, 2);                    // the failure, then the success
    assertFinishes(next, 1);
  }

  @Test
  @DisplayName("MAX_CONCURRENT_JOBS is never exceeded under a burst of 50 jobs (from /status samples)")
  void burstOf50() throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> { });
    WorkerNode node = worker("w-burst", Map.of("POLL_INTERVAL_MS", 200, "MAX_CONCURRENT_JOBS", 3));
    WebClient http = WebClient.create(node.vertx());
    AtomicInteger maxSeen = new AtomicInteger();
    AtomicInteger samples = new AtomicInteger();
    long sampler = node.vertx().setPeriodic(10, id -> http.get(node.statusPort(), "127.0.0.1", "/status").send()
        .onSuccess(r -> {
          samples.incrementAndGet();
          maxSeen.accumulateAndGet(r.bodyAsJsonObject().getJsonObject("worker").getInteger("activeJobs"), Math::max);
        }));
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) jobs.add(api.uploadModel("burst" + i + ".obj", RealApi.obj(100 + i)).getLong("jobId"));
    awaitCompleted(jobs, Duration.ofSeconds(60));
    node.vertx().cancelTimer(sampler);
    System.out.println("burst of 50: max activeJobs " + maxSeen.get() + " over " + samples.get() + " /status samples");
    assertTrue(maxSeen.get() <= 3, "activeJobs peaked at " + maxSeen.get());
    assertTrue(maxSeen.get() >= 2, "slots were used in parallel");
    eventually(Duration.ofSeconds(5), "all counted", () -> node.metrics().completed() == 50);
    String metrics = http.get(node.statusPort(), "127.0.0.1", "/metrics").send().await(5, TimeUnit.SECONDS).bodyAsString();
    assertTrue(metrics.contains("thumbnail_jobs_claimed_total 50.0"), "claimed counter");
    assertTrue(metrics.contains("thumbnail_jobs_completed_total 50.0"), "completed counter");
    for (String stage : List.of("claim", "download", "load", "render", "encode", "upload", "report")) {
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("thumbnail_job_stage_seconds_count{stage=\"" + stage + "\"")
          && l.endsWith(" 50")), "stage histogram " + stage);
    }
    assertTrue(metrics.contains("thumbnail_jobs_active 0.0"));
    assertTrue(metrics.contains("thumbnail_hub_connected 1.0"));
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("two workers racing 50 jobs (one on auto, one naming the contract): each job completed exactly once, both did some")
  void twoWorkersRace(Contract contract) throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server));
    WorkerNode a = worker("w-a", Map.of("POLL_INTERVAL_MS", 200));
    WorkerNode b = worker("w-b", Map.of("POLL_INTERVAL_MS", 200, "API_PROFILE", contract.workerProfile));
    awaitHub(a);
    awaitHub(b);
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < 50; i++) jobs.add(api.uploadModel("race" + i + ".obj", RealApi.obj(200 + i)).getLong("jobId"));
    awaitCompleted(jobs, Duration.ofSeconds(60));
    for (JsonObject job : api.jobsById().values()) {
      assertEquals(1, job.getInteger("attemptCount"), job.encode());
      if (job.containsKey("finishCount")) assertEquals(1, job.getInteger("finishCount"), "finished once: " + job.encode());
    }
    eventually(Duration.ofSeconds(5), "all counted", () -> a.metrics().completed() + b.metrics().completed() == 50);
    assertEquals(contract.workerProfile, a.view().apiProfile());
    long ca = a.metrics().completed(), cb = b.metrics().completed();
    System.out.println(contract + " two workers: " + ca + " + " + cb);
    assertEquals(50, ca + cb);
    assertTrue(ca > 0 && cb > 0, "both did some: " + ca + " / " + cb);
  }
}
