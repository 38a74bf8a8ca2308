package io.thumbnailworker.jobs;

import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The model download ({@link ModelFiles} over the API client): streaming, naming, error statuses, the size cap and cancellation. */
class ModelDownloadTest {
  @TempDir Path tmp;
  Vertx vertx;
  FakeApi api;
  ApiClient client;
  ModelFiles files;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    api = new FakeApi(tmp.resolve("uploads")).start(vertx).await(10, TimeUnit.SECONDS);
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", api.baseUrl()).put("RETRY_DELAY_MS", 10)
        .put("HTTP_TIMEOUT_MS", 30_000));
    client = new ApiClient(vertx, cfg, () -> cfg, TestSupport.SPEC_ONLY);
    files = new ModelFiles(vertx, client);
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a model streams to disk under its sanitised Content-Disposition name, byte for byte")
  void streamsUnderSanitisedName() throws Exception {
    byte[] bytes = new byte[3_000_000];
    new Random(1).nextBytes(bytes);
    FakeApi.Job job = api.addModel("../My Duck.glb", Buffer.buffer(bytes));
    var d = files.model(TestSupport.job(job.id, job.modelId), tmp, 10_000_000, new JobControl()).await(20, TimeUnit.SECONDS);
    assertEquals("My_Duck.glb", d.name());
    assertEquals(tmp.resolve("My_Duck.glb"), d.file());
    assertArrayEquals(bytes, Files.readAllBytes(d.file()));
    assertFalse(Files.exists(tmp.resolve("download.part")));
  }

  @Test
  @DisplayName("the file is complete on disk the moment the download future completes (no writes still queued)")
  void completeWhenDone() throws Exception {
    byte[] bytes = new byte[600_000];
    new Random(2).nextBytes(bytes);
    FakeApi.Job job = api.addModel("whole.glb", Buffer.buffer(bytes));
    for (int i = 0; i < 5; i++) {
      Path dir = Files.createDirectories(tmp.resolve("run" + i));
      long onDisk = files.model(TestSupport.job(job.id, job.modelId), dir, 10_000_000, new JobControl())
          .map(d -> {                                     // measured on the completing thread, at once
            try {
              return Files.size(d.file());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .await(20, TimeUnit.SECONDS);
      assertEquals(bytes.length, onDisk, "run " + i);
    }
  }

  @Test
  @DisplayName("without Content-Disposition the name comes from ?download=false metadata")
  void nameFromMetadata() throws Exception {
    FakeApi.Job job = api.addModel("spider.obj", Buffer.buffer("v 0 0 0\n"), false);
    var d = files.model(TestSupport.job(job.id, job.modelId), tmp, 1000, new JobControl()).await(10, TimeUnit.SECONDS);
    assertEquals("spider.obj", d.name());
    assertEquals(1, api.count("GET", "/models/" + job.modelId + "/file") - 1, "one download plus one metadata call");
  }

  @Test
  @DisplayName("an error status fails with the API's words and never lands in the model file")
  void errorBodyIsNotTheModel() throws Exception {
    Exception e = assertThrows(Exception.class, () -> files.model(TestSupport.job(998, 999), tmp, 1000, new JobControl()).await(10, TimeUnit.SECONDS));
    assertEquals("GET /models/999/file answered HTTP 404: {\"error\":\"no such model\"}", e.getMessage());
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("model")));
    }
  }

  @Test
  @DisplayName("MAX_MODEL_BYTES stops the download")
  void sizeCap() throws Exception {
    FakeApi.Job job = api.addModel("big.stl", Buffer.buffer(new byte[100_000]));
    Exception e = assertThrows(Exception.class, () -> files.model(TestSupport.job(job.id, job.modelId), tmp, 50_000, new JobControl()).await(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("larger than MAX_MODEL_BYTES"), e.getMessage());
  }

  @Test
  @DisplayName("a stalled body is aborted when the job is cancelled")
  void stalledBodyIsCancelled() throws Exception {
    FakeApi.Job job = api.addModel("slow.glb", Buffer.buffer(new byte[1000]));
    api.stall("/models/" + job.modelId + "/file");
    JobControl control = new JobControl();
    var f = files.model(TestSupport.job(job.id, job.modelId), tmp, 10_000, control);
    vertx.setTimer(300, id -> control.cancel("timed out after 300 ms (JOB_TIMEOUT_MS)"));
    long t0 = System.nanoTime();
    Exception e = assertThrows(Exception.class, () -> f.await(10, TimeUnit.SECONDS));
    assertEquals("timed out after 300 ms (JOB_TIMEOUT_MS)", e.getMessage());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
  }
}
