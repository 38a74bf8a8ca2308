package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.DequeuedJob;

import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ApiClientTest {
  @TempDir Path tmp;
  Vertx vertx;
  FakeApi api;
  ApiClient client;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    api = new FakeApi(tmp.resolve("uploads")).start(vertx).await(10, TimeUnit.SECONDS);
    client = client(api.baseUrl(), "k3y");
  }

  private ApiClient client(String base, String key) {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", base).put("WORKER_API_KEY", key)
        .put("WORKER_ID", "w-1").put("RETRY_DELAY_MS", 10).put("MAX_RETRIES", 3).put("HTTP_TIMEOUT_MS", 2000));
    return new ApiClient(vertx, cfg, () -> cfg, TestSupport.SPEC_ONLY);
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("dequeue sends the key, the worker id and a user agent; 204 and 404 both mean no job")
  void dequeueHeadersAndEmptyAnswers() throws Exception {
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    DequeuedJob claimed = client.dequeue().await(5, TimeUnit.SECONDS).orElseThrow();
    assertEquals(job.id, claimed.id());
    assertEquals(job.modelId, claimed.modelId());
    FakeApi.Seen seen = api.requests.get(0);
    assertEquals("k3y", seen.apiKey());
    assertEquals("w-1", seen.workerId());
    assertTrue(seen.userAgent().startsWith("thumbnail-worker/"), seen.userAgent());
    assertTrue(client.dequeue().await(5, TimeUnit.SECONDS).isEmpty());
    api.failNext("POST", "/api/thumbnail-jobs/dequeue", 404, 1);
    assertTrue(client.dequeue().await(5, TimeUnit.SECONDS).isEmpty());
  }

  @Test
  @DisplayName("a 503 on the first two upload attempts is retried and the upload succeeds once")
  void uploadRetriedOn503() throws Exception {
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    Path img = tmp.resolve("t.jpg");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg", img.toFile());
    api.failNext("POST", "/models/" + job.modelId + "/thumbnail/upload", 503, 2);
    JsonObject resp = client.uploadThumbnail(TestSupport.job(job.id, job.modelId), img, "image/jpeg", 8, 8).await(10, TimeUnit.SECONDS);
    assertEquals(8, resp.getInteger("width"));
    assertEquals(3, api.count("POST", "/models/" + job.modelId + "/thumbnail/upload"));
    assertEquals(1, api.uploads.size());
    assertNull(api.requests.get(0).workerId(), "X-Worker-Id goes on job calls only");
  }

  @Test
  @DisplayName("retries made for a job are logged with its jobId and modelId")
  void jobRetriesCarryJobAndModel() throws Exception {
    FakeApi.Job job = api.addModel("a.obj", Buffer.buffer("v 0 0 0"));
    Path img = tmp.resolve("t.jpg");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpeg", img.toFile());
    api.failNext("POST", "/models/" + job.modelId + "/thumbnail/upload", 503, 1);
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Retry.class);
    var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try {
      client.forJob(job.id, job.modelId).uploadThumbnail(TestSupport.job(job.id, job.modelId), img, "image/jpeg", 8, 8).await(10, TimeUnit.SECONDS);
    } finally {
      logger.detachAppender(appender);
    }
    assertEquals(1, appender.list.size());
    var event = appender.list.get(0);
    assertEquals(String.valueOf(job.id), event.getMDCPropertyMap().get("jobId"));
    assertEquals(String.valueOf(job.modelId), event.getMDCPropertyMap().get("modelId"));
    assertTrue(event.getFormattedMessage().startsWith("POST /models/" + job.modelId + "/thumbnail/upload answered HTTP 503"),
        event.getFormattedMessage());
  }

  @Test
  @DisplayName("429 is retried; a 400 or 409 is final at once")
  void onlyRetryableStatusesAreRetried() throws Exception {
    api.failNext("POST", "/api/thumbnail-jobs/dequeue", 429, 1);
    assertTrue(client.dequeue().await(5, TimeUnit.SECONDS).isEmpty());
    assertEquals(2, api.count("POST", "/api/thumbnail-jobs/dequeue"));
    api.failNext("POST", "/api/thumbnail-jobs/7/fail", 400, 5);
    Exception e = assertThrows(Exception.class, () -> client.report(TestSupport.SPEC.fail(7, DequeuedJob.MODEL, "x"), "w-1").await(5, TimeUnit.SECONDS));
    assertInstanceOf(ApiStatusException.class, e);
    assertEquals(400, ((ApiStatusException) e).status());
    assertEquals(1, api.count("POST", "/api/thumbnail-jobs/7/fail"));
    assertTrue(e.getMessage().startsWith("POST /api/thumbnail-jobs/7/fail answered HTTP 400"), e.getMessage());
  }

  @Test
  @DisplayName("connection errors are retried MAX_RETRIES times, then fail with a readable line")
  void connectionRefusedRetriedThenFails() throws Exception {
    int port = api.port();
    api.close().await(5, TimeUnit.SECONDS);
    ApiClient down = client("http://127.0.0.1:" + port, "");
    long t0 = System.nanoTime();
    Exception e = assertThrows(Exception.class, () -> down.dequeue().await(10, TimeUnit.SECONDS));
    assertTrue(Errors.oneLine(e).toLowerCase().contains("refused"), Errors.oneLine(e));
    // 3 retries at 10, 20, 40 ms (±50 %) happened: at least ~35 ms in total
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(35));
    down.close();
  }

  @Test
  void backoffGrowsExponentiallyWithJitter() throws Exception {
    for (int i = 0; i < 50; i++) {
      long d0 = Retry.delayMs(1000, 0);
      long d3 = Retry.delayMs(1000, 3);
      assertTrue(d0 >= 500 && d0 < 1500, "retry 0: " + d0);
      assertTrue(d3 >= 4000 && d3 < 12000, "retry 3: " + d3);
    }
  }
}
