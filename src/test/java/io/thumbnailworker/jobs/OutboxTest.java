package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelibrBackend;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class OutboxTest {
  @TempDir Path tmp;
  Vertx vertx;

  @BeforeEach
  void setUp() { vertx = Vertx.vertx(); }

  @AfterEach
  void tearDown() throws Exception { vertx.close().await(10, TimeUnit.SECONDS); }

  private ApiClient client(String base) {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", base).put("RETRY_DELAY_MS", 5).put("MAX_RETRIES", 1)
        .put("WORKER_ID", "w-out"));
    return new ApiClient(vertx, cfg, () -> cfg, TestSupport.SPEC_ONLY);
  }

  @Test
  @DisplayName("a report made while the API is down survives a restart and is delivered once the API is back")
  void survivesRestartAndDeliversLater() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }   // nothing listens there afterwards
    Path dir = tmp.resolve("outbox");
    ApiClient down = client("http://127.0.0.1:" + port);
    Outbox first = new Outbox(vertx, dir, () -> down);
    Outbox.Outcome outcome = first.submit(new Outbox.Report(2, 1002, DequeuedJob.MODEL, "complete", "w-out",
        new JsonObject().put("thumbnailPath", "/t.webp").put("sizeBytes", 10).put("width", 8).put("height", 8)))
        .await(10, TimeUnit.SECONDS);
    assertEquals(Outbox.Outcome.PENDING, outcome);
    assertEquals(1, first.size().await(5, TimeUnit.SECONDS));
    try (var files = Files.list(dir)) {
      assertEquals("job-2-complete.json", files.findFirst().orElseThrow().getFileName().toString());
    }
    down.close();

    // "restart": a new API and a new outbox over the same directory
    FakeApi api = new FakeApi(tmp.resolve("up")).start(vertx).await(10, TimeUnit.SECONDS);
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v"));
    assertEquals(2, job.id);
    ApiClient up = client(api.baseUrl());
    up.dequeue().await(5, TimeUnit.SECONDS);             // the job is InProgress, as it was when the report was made
    Outbox second = new Outbox(vertx, dir, () -> up);
    second.start(100).await(5, TimeUnit.SECONDS);
    TestSupport.eventually(Duration.ofSeconds(5), "the pending report delivered", () -> job.completions == 1);
    TestSupport.eventually(Duration.ofSeconds(5), "the outbox emptied", () -> second.size().await() == 0);
    assertEquals("w-out", api.requests.stream().filter(r -> r.path().endsWith("/complete")).findFirst().orElseThrow().workerId());
    second.replay().await(5, TimeUnit.SECONDS);         // more replays: nothing is sent twice
    second.replay().await(5, TimeUnit.SECONDS);
    assertEquals(1, api.count("POST", "/api/thumbnail-jobs/2/complete"));
    second.stop();
    up.close();
  }

  @Test
  @DisplayName("a report the API refuses with a 4xx is dropped, not retried forever")
  void refusedReportIsDropped() throws Exception {
    FakeApi api = new FakeApi(tmp.resolve("up")).start(vertx).await(10, TimeUnit.SECONDS);
    ApiClient client = client(api.baseUrl());
    Outbox outbox = new Outbox(vertx, tmp.resolve("ob"), () -> client);
    assertEquals(Outbox.Outcome.REFUSED, outbox.submit(new Outbox.Report(404, 1404, DequeuedJob.MODEL, "fail", "w-out",
        new JsonObject().put("errorMessage", "x"))).await(5, TimeUnit.SECONDS));
    assertEquals(0, outbox.size().await(5, TimeUnit.SECONDS));
    client.close();
  }

  @Test
  @DisplayName("a report file written before reports recorded their asset type is still delivered")
  void readsReportsWithoutAssetType() throws Exception {
    FakeApi api = new FakeApi(tmp.resolve("up")).start(vertx).await(10, TimeUnit.SECONDS);
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v"));
    ApiClient client = client(api.baseUrl());
    client.dequeue().await(5, TimeUnit.SECONDS);
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(dir.resolve("job-" + job.id + "-fail.json"), new JsonObject().put("jobId", job.id)
        .put("modelId", job.modelId).put("kind", "fail").put("workerId", "w-out")
        .put("body", new JsonObject().put("errorMessage", "render: no meshes")).encode());
    Outbox outbox = new Outbox(vertx, dir, () -> client);
    outbox.replay().await(5, TimeUnit.SECONDS);
    assertEquals("render: no meshes", job.errorMessage);
    assertEquals(0, outbox.size().await(5, TimeUnit.SECONDS));
    client.close();
  }

  @Test
  @DisplayName("a modelibr report not delivered within the job's 10-minute lock is dropped unsent; one within it goes to the type's route")
  void reportsExpireWithTheJobLock() throws Exception {
    FakeModelibr api = new FakeModelibr(tmp.resolve("up")).start(vertx).await(10, TimeUnit.SECONDS);
    long stale = api.enqueue(new JsonObject().put("assetType", "Sound").put("soundId", 3));
    long fresh = api.enqueue(new JsonObject().put("assetType", "Sound").put("soundId", 4));
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", api.baseUrl()).put("RETRY_DELAY_MS", 5)
        .put("WORKER_ID", "w-out"));
    ApiClient client = new ApiClient(vertx, cfg, () -> cfg, BackendSelector.fixed(new ModelibrBackend()));
    client.dequeue().await(5, TimeUnit.SECONDS);
    client.dequeue().await(5, TimeUnit.SECONDS);
    Outbox outbox = new Outbox(vertx, tmp.resolve("ob"), () -> client);
    long now = System.currentTimeMillis();
    JsonObject body = new JsonObject().put("errorMessage", "no processor");
    assertEquals(Outbox.Outcome.EXPIRED, outbox.submit(new Outbox.Report(stale, 0, "Sound", "fail", "w-out", body,
        "modelibr", now - 9 * 60_000 - 31_000)).await(5, TimeUnit.SECONDS));
    assertEquals(Outbox.Outcome.ACCEPTED, outbox.submit(new Outbox.Report(fresh, 0, "Sound", "fail", "w-out", body,
        "modelibr", now - 9 * 60_000)).await(5, TimeUnit.SECONDS));
    assertEquals(List.of(new FakeModelibr.Finish("/thumbnail-jobs/sounds/" + fresh + "/finish",
        new JsonObject().put("success", false).put("errorMessage", "no processor"))), api.finishes);
    assertEquals(0, outbox.size().await(5, TimeUnit.SECONDS));
    client.close();
  }
}
