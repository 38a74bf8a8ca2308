package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code API_PROFILE=auto} against the real reference server in each of its profiles, and against an HTTP server that
 * speaks neither contract: what the worker picks is what {@code GET /status} (over HTTP) shows as
 * {@code worker.apiProfile}, and a job then goes through. The render engine is the test stand-in.
 */
class AutoProfileEndToEndTest {
  @TempDir Path tmp;
  RealApi api;
  WorkerNode node;
  Vertx other;

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) node.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (other != null) other.close().await(10, TimeUnit.SECONDS);
  }

  private WorkerNode worker(String apiBase) throws Exception {
    WorkerNode n = RealApi.worker(tmp.resolve("worker"), apiBase, Map.of("WORKER_ID", "w-auto", "WORKER_ROLES", "hub,jobs",
        "API_PROFILE", "auto", "POLL_INTERVAL_MS", 300));
    new FakeRender().start(n.vertx()).await(5, TimeUnit.SECONDS);
    return n;
  }

  private JsonObject status() throws Exception {
    return io.vertx.ext.web.client.WebClient.create(node.vertx()).get(node.statusPort(), "127.0.0.1", "/status").send()
        .await(5, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("worker");
  }

  @ParameterizedTest
  @CsvSource({"MODELIBR, modelibr", "SPEC, spec", "BOTH, spec"})
  @DisplayName("against api --profile P, auto picks P's contract (spec where both are spoken), /status says so, and a job completes")
  void picksTheServersContract(ApiProfile profile, String expected) throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(profile));
    try (TestSupport.LogCapture probe = TestSupport.captureLog(BackendSelector.class)) {
      node = worker(api.baseUrl());
      eventually(Duration.ofSeconds(15), "hub connected", () -> node.view().hub().connected());
      assertEquals(expected, status().getString("apiProfile"));
      assertEquals(1, probe.count("API_PROFILE=auto: " + api.baseUrl() + " speaks the " + expected + " contract"), probe.lines().toString());
    }
    long jobId = api.uploadModel("auto.obj", RealApi.obj(3)).getLong("jobId");
    eventually(Duration.ofSeconds(20), Duration.ofMillis(100), "the job completed", () -> api.all(List.of(jobId), api.completed()));
    assertEquals(expected, api.job(jobId).getString("contract"), "claimed through the contract picked");
    assertTrue(status().getBoolean("signalrConnected"));
  }

  @Test
  @DisplayName("against an HTTP server that speaks neither contract (404 everywhere), the first probe round says so at once; /status shows none")
  void neither() throws Exception {
    other = Vertx.vertx();
    HttpServer plain = other.createHttpServer().requestHandler(r -> r.response().setStatusCode(404).end("not here"))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + plain.actualPort();
    try (TestSupport.LogCapture probe = TestSupport.captureLog(BackendSelector.class)) {
      long t0 = System.nanoTime();
      node = worker(base);
      // the first round runs when the node first needs a backend; the next only after the first backoff (2 s)
      eventually(Duration.ofMillis(2_000), "the probe's report", () -> probe.count("no thumbnail-jobs backend at " + base + ": ") >= 1);
      System.out.println("no-backend line " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms after the worker started");
      String line = probe.lines().stream().filter(l -> l.startsWith("no thumbnail-jobs backend at")).findFirst().orElseThrow();
      assertTrue(line.contains("answered HTTP 404"), line);
      assertEquals("none", status().getString("apiProfile"));
      assertFalse(status().getBoolean("signalrConnected"));
    }
  }
}
