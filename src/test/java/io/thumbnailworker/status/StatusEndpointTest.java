package io.thumbnailworker.status;

import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The status endpoint over a real socket, on a node with no API reachable. */
class StatusEndpointTest {
  /** Prometheus text exposition: a sample line is name{labels} value [timestamp]. */
  private static final Pattern SAMPLE = Pattern.compile(
      "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
          + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static WorkerNode node;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = Map.of("WORKER_PORT", "0", "API_BASE_URL", "http://127.0.0.1:9", "WORKER_API_KEY", "top-secret",
        "POLL_INTERVAL_MS", "200", "THUMBNAIL_STORAGE_PATH", dir.toString(), "WORKER_ROLES", "hub,jobs");
    node = WorkerNode.start(new ConfigService.Sources(dir.resolve("none.json"), false, env, new Properties(), new JsonObject()))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.shutdown().await(60, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.statusPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReady() throws Exception {
    HttpResponse<String> health = get("/health");
    assertEquals(200, health.statusCode());
    JsonObject body = new JsonObject(health.body());
    assertEquals("healthy", body.getString("status"));
    assertTrue(body.containsKey("timestamp") && body.containsKey("version"));
    assertEquals(200, get("/ready").statusCode());
  }

  @Test
  void statusReportsTheDesignFieldsWithSecretsMasked() throws Exception {
    HttpResponse<String> resp = get("/status");
    assertEquals(200, resp.statusCode());
    assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonObject status = new JsonObject(resp.body());
    assertEquals("thumbnail-worker", status.getString("service"));
    JsonObject worker = status.getJsonObject("worker");
    assertInstanceOf(Boolean.class, worker.getValue("signalrConnected"));
    assertFalse(worker.getBoolean("signalrConnected"), "no API is reachable");
    assertEquals(3, worker.getInteger("maxConcurrentJobs"));
    assertEquals(0, worker.getInteger("activeJobs"));
    for (String section : new String[] {"hub", "render", "cluster", "config", "lastConfigReload"}) {
      assertTrue(status.containsKey(section), section);
    }
    assertEquals("********", status.getJsonObject("config").getString("WORKER_API_KEY"));
    assertFalse(resp.body().contains("top-secret"));
  }

  @Test
  void metricsAreValidPrometheusTextWithJobCountersAndJvmMeters() throws Exception {
    HttpResponse<String> resp = get("/metrics");
    assertEquals(200, resp.statusCode());
    assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    int samples = 0;
    for (String line : resp.body().split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (!SAMPLE.matcher(line).matches()) fail("not a Prometheus sample line: " + line);
      samples++;
    }
    assertTrue(samples > 20, "samples: " + samples);
    String text = resp.body();
    assertTrue(text.contains("thumbnail_jobs_claimed_total "), "job counter");
    assertTrue(text.contains("thumbnail_jobs_completed_total "));
    assertTrue(text.contains("thumbnail_jobs_failed_total "));
    assertTrue(text.contains("thumbnail_job_stage_seconds_bucket{"), "stage histograms");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
    assertTrue(text.contains("vertx_http_server_"), "Vert.x meters");
  }
}
