package io.thumbnailworker.hub;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.jobs.JobScheduler;
import io.thumbnailworker.jobs.TestSupport;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/** A whole worker node (status, jobs, hub) with no API anywhere: it must keep running and say so on /status. */
class WorkerWithoutApiTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("a worker with no API reachable says so, and keeps serving /status with apiProfile:none, signalrConnected:false and polling:true")
  void keepsServingStatus() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) { deadPort = s.getLocalPort(); }
    JsonObject flat = new JsonObject().put("API_BASE_URL", "http://127.0.0.1:" + deadPort).put("WORKER_PORT", 0)
        .put("CONFIG_SCAN_PERIOD_MS", 0).put("THUMBNAIL_STORAGE_PATH", tmp.toString()).put("POLL_INTERVAL_MS", 200)
        .put("WORKER_ID", "lonely").put("RETRY_DELAY_MS", 10).put("MAX_RETRIES", 0).put("WORKER_ROLES", "hub,jobs");
    TestSupport.LogCapture claims = TestSupport.captureLog(JobScheduler.class);
    TestSupport.LogCapture probe = TestSupport.captureLog(BackendSelector.class);
    WorkerNode node = WorkerNode.start(new ConfigService.Sources(tmp.resolve("none.json"), false, Map.of(), new Properties(), flat))
        .await(30, TimeUnit.SECONDS);
    WebClient http = WebClient.create(node.vertx());
    try (claims; probe) {
      // API_PROFILE=auto says plainly that nothing answers, and nothing stops the node
      eventually(Duration.ofSeconds(10), "the probe's report", () -> probe.count("no thumbnail-jobs backend at http://127.0.0.1:" + deadPort + ": ") >= 1);
      eventually(Duration.ofSeconds(10), "a failed claim", () -> claims.count("Claiming a job failed: no thumbnail-jobs backend") >= 1);
      JsonObject status = http.get(node.statusPort(), "127.0.0.1", "/status").send().await(5, TimeUnit.SECONDS).bodyAsJsonObject();
      JsonObject worker = status.getJsonObject("worker");
      assertFalse(worker.getBoolean("signalrConnected"));
      assertEquals("none", worker.getString("apiProfile"));
      assertTrue(worker.getBoolean("polling"));
      assertEquals(0, worker.getInteger("activeJobs"));
      assertEquals(3, worker.getInteger("maxConcurrentJobs"));
      assertEquals(200, http.get(node.statusPort(), "127.0.0.1", "/health").send().await(5, TimeUnit.SECONDS).statusCode());
    } finally {
      node.shutdown().await(30, TimeUnit.SECONDS);
    }
  }
}
