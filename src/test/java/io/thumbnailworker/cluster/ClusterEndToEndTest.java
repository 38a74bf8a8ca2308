package io.thumbnailworker.cluster;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.jobs.TestSupport;
import io.thumbnailworker.samples.SampleModels;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three worker JVMs clustered over loopback (Hazelcast TCP/IP join) against the real reference API. node-3 has no hub
 * role and polls only once an hour, so every job it does reached it as a hint over the clustered event bus.
 */
class ClusterEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path tmp;
  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private final Map<String, Process> workers = new LinkedHashMap<>();
  private final Map<String, Integer> statusPorts = new HashMap<>();
  private ApiServer api;

  @AfterEach
  void stop() throws Exception {
    workers.values().forEach(Process::destroyForcibly);
    for (Process p : workers.values()) p.waitFor(30, TimeUnit.SECONDS);
    if (api != null) api.close().await(30, TimeUnit.SECONDS);
    web.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("60 jobs complete exactly once across 3 nodes; the hub fails over after SIGKILL; 20 more complete")
  void clusterProcessesEveryJobOnceAndSurvivesTheHubHolderDying() throws Exception {
    api = ApiServer.start(vertx, ApiOptions.builder(tmp.resolve("api")).port(0).build()).await(60, TimeUnit.SECONDS);
    List<Integer> hzPorts = List.of(freePort(), freePort(), freePort());
    String members = String.join(",", hzPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    for (int i = 1; i <= 3; i++) {
      Map<String, String> env = new HashMap<>(Map.of("CLUSTER_PORT", String.valueOf(hzPorts.get(i - 1)),
          "CLUSTER_MEMBERS", members));
      if (i == 3) env.putAll(Map.of("WORKER_ROLES", "jobs,render", "POLL_INTERVAL_MS", "3600000",
          "SAFETY_POLL_INTERVAL_MS", "3600000"));
      startWorker("node-" + i, env);
    }
    for (String id : workers.keySet()) poll(Duration.ofSeconds(120), id + " sees 3 members",
        () -> members(id) == 3);
    poll(Duration.ofSeconds(60), "a node holds a live hub connection", () -> holder("node-1") != null);
    String holder = holder("node-1");
    assertNotEquals("node-3", holder, "a node without the hub role never holds it");
    poll(Duration.ofSeconds(10), "every node sees the same holder",
        () -> holder.equals(holder("node-2")) && holder.equals(holder("node-3")));

    List<Path> models = sampleModels();
    List<Long> first = upload(models, 60);
    poll(Duration.ofMinutes(6), "60 jobs completed", () -> completed(first));
    Map<String, Long> done = completedPerNode();
    assertEquals(60, done.values().stream().mapToLong(Long::longValue).sum(), "each job completed exactly once: " + done);
    assertTrue(done.values().stream().filter(n -> n > 0).count() >= 2, "at least two nodes did work: " + done);
    assertTrue(done.get("node-3") > 0, "the hub-less node processed jobs announced through the cluster: " + done);
    assertEveryJobTookOneAttempt(first);

    workers.get(holder).destroyForcibly(); // SIGKILL
    workers.get(holder).waitFor(30, TimeUnit.SECONDS);
    long killedAt = System.nanoTime();
    String survivor = holder.equals("node-1") ? "node-2" : "node-1";
    poll(Duration.ofSeconds(30), "another node holds the hub within 30 s",
        () -> { String h = holder(survivor); return h != null && !h.equals(holder); });
    System.out.printf("hub failover took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

    List<Long> second = upload(models, 20);
    poll(Duration.ofMinutes(4), "20 more jobs completed", () -> completed(second));
    long before = done.entrySet().stream().filter(e -> !e.getKey().equals(holder)).mapToLong(Map.Entry::getValue).sum();
    Map<String, Long> after = completedPerNode();
    assertEquals(20, after.values().stream().mapToLong(Long::longValue).sum() - before, "no duplicate, none lost: " + after);
    assertEveryJobTookOneAttempt(second);
  }

  private void startWorker(String id, Map<String, String> env) throws IOException {
    int statusPort = freePort();
    Path dir = Files.createDirectories(tmp.resolve(id));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.thumbnailworker.cli.Main", "worker", "--cluster")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
    pb.environment().putAll(Map.of("WORKER_ID", id, "WORKER_PORT", String.valueOf(statusPort),
        "API_BASE_URL", "http://127.0.0.1:" + api.port(), "THUMBNAIL_STORAGE_PATH", dir.toString(),
        "CLUSTER_HOST", "127.0.0.1", "EVENTBUS_HOST", "127.0.0.1", "MAX_CONCURRENT_JOBS", "2",
        "POLL_INTERVAL_MS", "1000", "LP_NUM_THREADS", "1"));
    pb.environment().putAll(Map.of("RENDER_WIDTH", "96", "RENDER_HEIGHT", "96", "ORBIT_ANGLE_STEP", "90"));
    pb.environment().putAll(env);
    workers.put(id, pb.start());
    statusPorts.put(id, statusPort);
  }

  private JsonObject status(String id) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPorts.get(id) + "/status"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
    } catch (Exception notUp) {
      return null;
    }
  }

  private int members(String id) {
    JsonObject s = status(id);
    return s == null ? 0 : s.getJsonObject("cluster").getJsonArray("members").size();
  }

  private String holder(String id) {
    JsonObject s = status(id);
    return s == null ? null : s.getJsonObject("hub").getString("holderWorkerId");
  }

  private Map<String, Long> completedPerNode() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String id : workers.keySet()) {
      JsonObject s = status(id);
      if (s != null) out.put(id, s.getJsonObject("worker").getLong("completed"));
    }
    return out;
  }

  private List<Path> sampleModels() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("samples"));
    SampleModels.writeAll(dir);
    return List.of(dir.resolve("color-cube.ply"), dir.resolve("torus-knot.stl"), dir.resolve("globe.glb"));
  }

  private List<Long> upload(List<Path> models, int count) throws Exception {
    List<Long> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path model = models.get(i % models.size());
      JsonObject created = web.post(api.port(), "127.0.0.1", "/models")
          .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", model.getFileName().toString(), model.toString(),
              "application/octet-stream"))
          .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
      jobs.add(created.getLong("jobId"));
    }
    return jobs;
  }

  private JsonArray jobs() {
    try {
      return web.get(api.port(), "127.0.0.1", "/api/thumbnail-jobs").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray();
    } catch (Exception e) {
      return new JsonArray();
    }
  }

  private boolean completed(List<Long> ids) {
    long n = jobs().stream().map(o -> (JsonObject) o)
        .filter(j -> ids.contains(j.getLong("id")) && "Completed".equals(j.getString("status"))).count();
    return n == ids.size();
  }

  private void assertEveryJobTookOneAttempt(List<Long> ids) {
    for (Object o : jobs()) {
      JsonObject j = (JsonObject) o;
      if (ids.contains(j.getLong("id"))) assertEquals(1, j.getInteger("attemptCount"), "job " + j.encode());
    }
  }

  /** Conditions here cost HTTP requests to four servers: poll every 200 ms, not every 20. */
  private static void poll(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    TestSupport.eventually(timeout, Duration.ofMillis(200), what, condition);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
