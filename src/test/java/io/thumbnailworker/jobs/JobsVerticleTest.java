package io.thumbnailworker.jobs;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/** The job verticle against a fake API over real sockets and a fake render consumer that writes real images. */
class JobsVerticleTest {
  @TempDir Path tmp;
  Vertx vertx;
  FakeApi api;
  FakeRender render;
  JobsVerticle verticle;
  Metrics metrics;
  String deployment;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    api = new FakeApi(tmp.resolve("uploads")).start(vertx).await(10, TimeUnit.SECONDS);
    render = new FakeRender();
    render.start(vertx).await(5, TimeUnit.SECONDS);
    metrics = new Metrics();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private void deploy(Map<String, Object> values) throws Exception {
    Map<String, Object> all = new java.util.HashMap<>(Map.of("API_BASE_URL", api.baseUrl(), "POLL_INTERVAL_MS", 100, "RENDER_WIDTH", 64));
    all.putAll(values);
    ConfigService config = TestSupport.config(vertx, tmp.resolve("storage"), all);
    verticle = new JobsVerticle(config, metrics, () -> false, TestSupport.SPEC_ONLY);
    deployment = vertx.deployVerticle(verticle)
        .await(10, TimeUnit.SECONDS);
  }

  private static Buffer zipOf(Map<String, String> entries) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes());
        z.closeEntry();
      }
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  @Test
  @DisplayName("a hint gets a model and a zipped model claimed, rendered, uploaded twice each and completed once")
  void happyPathWithZip() throws Exception {
    deploy(Map.of("POLL_INTERVAL_MS", 3_600_000));
    FakeApi.Job glb = api.addModel("Duck.glb", Buffer.buffer("glTF...."));
    FakeApi.Job zip = api.addModel("spider.zip", zipOf(Map.of("spider/spider.obj", "v 0 0 0", "spider/spider.mtl", "newmtl a")));
    vertx.eventBus().publish(Addresses.JOBS_AVAILABLE, new JsonObject());
    eventually(Duration.ofSeconds(10), "both jobs completed", () -> glb.completions == 1 && zip.completions == 1);
    assertEquals(4, api.uploads.size());
    for (FakeApi.Job job : List.of(glb, zip)) {
      List<FakeApi.Upload> ups = api.uploads.stream().filter(u -> u.modelId() == job.modelId).toList();
      assertEquals(List.of("image/webp", "image/jpeg"), ups.stream().map(FakeApi.Upload::contentType).toList());
      assertEquals("64", ups.get(0).width());
    }
    JsonObject zipRequest = render.requests.stream().filter(r -> r.getLong("jobId") == zip.id).findFirst().orElseThrow();
    assertEquals("obj", zipRequest.getString("fileType"));
    assertTrue(zipRequest.getString("modelPath").endsWith("spider/spider.obj"), zipRequest.encode());
    assertEquals(64, zipRequest.getJsonObject("settings").getInteger("width"));
    assertTrue(zipRequest.getLong("deadline") > System.currentTimeMillis());
    eventually(Duration.ofSeconds(5), "counters updated", () -> metrics.completed() == 2 && verticle.activeJobs() == 0);
    assertEquals(2.0, metrics.registry().get("thumbnail_jobs_completed").counter().count());
    try (var left = Files.walk(tmp.resolve("storage/jobs"), 2)) {     // the worker's own folder stays while it runs
      assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("job-")).count(), "temp dirs are deleted");
    }
  }

  @Test
  @DisplayName("MAX_CONCURRENT_JOBS is never exceeded under a burst of 30 jobs, and is used")
  void burstRespectsCapacity() throws Exception {
    render.delayMs = 60;
    deploy(Map.of("MAX_CONCURRENT_JOBS", 3));
    List<FakeApi.Job> jobs = new ArrayList<>();
    for (int i = 0; i < 30; i++) jobs.add(api.addModel("m" + i + ".obj", Buffer.buffer("v 0 0 0")));
    AtomicInteger maxActive = new AtomicInteger();
    long sampler = vertx.setPeriodic(5, id -> maxActive.accumulateAndGet(verticle.activeJobs(), Math::max));
    vertx.eventBus().publish(Addresses.JOBS_AVAILABLE, new JsonObject());
    eventually(Duration.ofSeconds(30), "30 jobs completed", () -> jobs.stream().allMatch(j -> j.completions == 1));
    vertx.cancelTimer(sampler);
    assertTrue(maxActive.get() <= 3, "active jobs peaked at " + maxActive.get());
    assertEquals(3, render.peak.get(), "renders in parallel");
    assertEquals(30, api.requests.stream().filter(r -> r.path().endsWith("/complete")).count(), "one complete per job");
  }

  @Test
  @DisplayName("a download stalled past JOB_TIMEOUT_MS fails its job, frees the slot, and the next job runs")
  void stalledDownloadTimesOut() throws Exception {
    deploy(Map.of("MAX_CONCURRENT_JOBS", 1, "JOB_TIMEOUT_MS", 1000));
    FakeApi.Job slow = api.addModel("slow.glb", Buffer.buffer(new byte[5000]));
    api.stall("/models/" + slow.modelId + "/file");
    FakeApi.Job next = api.addModel("next.glb", Buffer.buffer("glTF"));
    eventually(Duration.ofSeconds(10), "the stalled job failed back", () -> slow.errorMessage != null);
    assertEquals("timed out after 1000 ms (JOB_TIMEOUT_MS) (during download)", slow.errorMessage);
    eventually(Duration.ofSeconds(10), "the next job completed", () -> next.completions == 1);
  }

  @Test
  @DisplayName("a model the renderer rejects fails with a readable message until maxAttempts; later jobs still run")
  void badModelFailsReadably() throws Exception {
    deploy(Map.of());
    FakeApi.Job bad = api.addModel("bad.obj", Buffer.buffer("garbage"));
    eventually(Duration.ofSeconds(10), "the bad job failed terminally", () -> "Failed".equals(bad.status));
    assertEquals(3, bad.attempts);
    assertEquals("render: job " + bad.id + ": no meshes in the model", bad.errorMessage);
    FakeApi.Job good = api.addModel("good.obj", Buffer.buffer("v 0 0 0"));
    eventually(Duration.ofSeconds(10), "a later job completed", () -> good.completions == 1);
    eventually(Duration.ofSeconds(5), "three failures counted", () -> metrics.failed() == 3);
  }

  @Test
  @DisplayName("503 on the first two upload attempts: retried, the job completes once")
  void uploadFaultsAreRetried() throws Exception {
    deploy(Map.of());
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    api.failNext("POST", "/models/" + job.modelId + "/thumbnail/upload", 503, 2);
    eventually(Duration.ofSeconds(10), "the job completed", () -> job.completions == 1);
    assertEquals(4, api.count("POST", "/models/" + job.modelId + "/thumbnail/upload"));
    assertEquals(1, api.count("POST", "/api/thumbnail-jobs/" + job.id + "/complete"));
    assertEquals(1, job.attempts);
  }

  @Test
  @DisplayName("MAX_CONCURRENT_JOBS and POLL_INTERVAL_MS apply live when the config file changes")
  void capacityAndPollingAreLive() throws Exception {
    render.delayMs = 300;
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"MAX_CONCURRENT_JOBS\": 1, \"POLL_INTERVAL_MS\": 100}");
    ConfigService config = TestSupport.configWithFile(vertx, tmp.resolve("storage"), file, Map.of("API_BASE_URL", api.baseUrl()));
    vertx.deployVerticle(new JobsVerticle(config, metrics, () -> false, TestSupport.SPEC_ONLY)).await(10, TimeUnit.SECONDS);
    List<FakeApi.Job> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) jobs.add(api.addModel("m" + i + ".obj", Buffer.buffer("v 0 0 0")));
    eventually(Duration.ofSeconds(10), "one job rendering", () -> render.running.get() == 1);
    // several jobs one after another, with poll ticks in between: still one at a time
    eventually(Duration.ofSeconds(10), "three jobs rendered", () -> render.requests.size() >= 3);
    assertEquals(1, render.peak.get());
    Files.writeString(file, "{\"MAX_CONCURRENT_JOBS\": 3, \"POLL_INTERVAL_MS\": 100}");
    eventually(Duration.ofSeconds(10), "three jobs rendering at once", () -> render.running.get() == 3);
    eventually(Duration.ofSeconds(20), "all completed", () -> jobs.stream().allMatch(j -> j.completions == 1));
    assertEquals(3, render.peak.get());
  }

  @Test
  @DisplayName("on shutdown a job still running after SHUTDOWN_TIMEOUT_MS is failed back with 'worker shutting down'")
  void shutdownFailsBackWhatIsLeft() throws Exception {
    render.delayMs = 10_000;
    deploy(Map.of("SHUTDOWN_TIMEOUT_MS", 300));
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    eventually(Duration.ofSeconds(10), "the job is rendering", () -> render.running.get() == 1);
    long t0 = System.nanoTime();
    vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    assertEquals("worker shutting down (during render)", job.errorMessage);
    assertEquals("Pending", job.status, "the API re-queues it");
    assertEquals(0, verticle.activeJobs());
  }

  @Test
  @DisplayName("on shutdown a job that finishes within SHUTDOWN_TIMEOUT_MS completes normally")
  void shutdownLetsShortJobsFinish() throws Exception {
    render.delayMs = 500;
    deploy(Map.of("SHUTDOWN_TIMEOUT_MS", 10_000));
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    eventually(Duration.ofSeconds(10), "the job is rendering", () -> render.running.get() == 1);
    FakeApi.Job later = api.addModel("b.obj", Buffer.buffer("v 0 0 0"));
    vertx.undeploy(deployment).await(15, TimeUnit.SECONDS);
    assertEquals(1, job.completions);
    assertEquals("Pending", later.status, "nothing new is claimed while stopping");
  }
}
