package io.thumbnailworker.bench;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.samples.SampleModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference API in this JVM (port 0) and worker nodes as separate processes started from the fat jar, exactly as
 * in production ({@code java -XX:+ExitOnOutOfMemoryError -Xms64m -jar thumbnail-worker.jar worker}, as the Dockerfile), so the worker's resident
 * memory is its own. Everything talks over loopback.
 */
final class BenchStack implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final ApiServer api;
  final WebClient http;
  final String base;
  final Path work;
  final Path model;
  private final Buffer modelBytes;

  BenchStack(Path modelOrNull) throws Exception {
    work = Files.createTempDirectory("thumbnail-bench-");
    if (modelOrNull != null && Files.isRegularFile(modelOrNull)) model = modelOrNull;
    else model = SampleModels.writeAll(work.resolve("samples")).get(0);   // globe.glb, a textured GLB like the Duck
    modelBytes = Buffer.buffer(Files.readAllBytes(model));
    api = ApiServer.start(vertx, ApiOptions.builder(work.resolve("api")).port(0).build()).await(2, TimeUnit.MINUTES);
    base = "http://127.0.0.1:" + api.port();
    http = WebClient.create(vertx);
  }

  /** A worker process; its log goes to target/bench/worker-NAME.log. */
  final class Worker implements AutoCloseable {
    final Process process;
    final String name;

    Worker(String name, int maxConcurrentJobs) throws IOException {
      this.name = name;
      List<String> cmd = new ArrayList<>(List.of("java", "-XX:+ExitOnOutOfMemoryError", "-Xms64m"));
      String opts = System.getenv().getOrDefault("BENCH_WORKER_JAVA_OPTS", "");
      if (!opts.isBlank()) cmd.addAll(List.of(opts.trim().split("\\s+")));
      cmd.addAll(List.of("-jar", Path.of("target", "thumbnail-worker.jar").toString(), "worker"));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      Files.createDirectories(Path.of("target", "bench"));
      pb.redirectErrorStream(true).redirectOutput(Path.of("target", "bench", "worker-" + name + ".log").toFile());
      pb.environment().put("API_BASE_URL", base);
      pb.environment().put("WORKER_PORT", "0");
      pb.environment().put("WORKER_ID", "bench-" + name);
      pb.environment().put("MAX_CONCURRENT_JOBS", String.valueOf(maxConcurrentJobs));
      pb.environment().put("LOG_LEVEL", "warn");
      pb.environment().put("THUMBNAIL_STORAGE_PATH", work.resolve("worker-" + name).toString());
      process = pb.start();
    }

    /** Waits until this worker holds its hub connection (the API counts one more hub client). */
    void awaitHub(int clientsBefore) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (api.hubClients() <= clientsBefore) {
        if (!process.isAlive()) throw new IllegalStateException("worker " + name + " exited with " + process.exitValue() + ": see target/bench/worker-" + name + ".log");
        if (System.nanoTime() > deadline) throw new IllegalStateException("worker " + name + " did not connect to the hub within 120 s");
        Thread.sleep(50);
      }
    }

    /** Resident set of the worker JVM, and of its importer child processes together. */
    long rss() {
      return BenchReport.rssBytes(process.pid());
    }

    /** CPU seconds used by the worker JVM and its live importer processes together. */
    double cpuSeconds() {
      return BenchReport.cpuSeconds(process.pid()) + process.descendants().mapToDouble(p -> BenchReport.cpuSeconds(p.pid())).sum();
    }

    long childrenRss() {
      return process.descendants().mapToLong(p -> BenchReport.rssBytes(p.pid())).sum();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();   // SIGTERM: graceful shutdown
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Uploads the model once more (a new model and a new job); returns the job id. */
  Future<Long> enqueue(int i) {
    return http.postAbs(base + "/models")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "bench-" + i + "-" + model.getFileName(),
            modelBytes, "application/octet-stream"))
        .map(r -> {
          if (r.statusCode() != 201) throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.bodyAsString());
          return r.bodyAsJsonObject().getLong("jobId");
        });
  }

  /** Every job, as the API lists it. */
  List<JsonObject> jobs() throws Exception {
    HttpResponse<Buffer> r = http.getAbs(base + "/api/thumbnail-jobs").send().await(30, TimeUnit.SECONDS);
    JsonArray a = r.bodyAsJsonArray();
    List<JsonObject> out = new ArrayList<>(a.size());
    for (Object o : a) out.add((JsonObject) o);
    return out;
  }

  static long millis(JsonObject job, String field) {
    String v = job.getString(field);
    return v == null ? -1 : Instant.parse(v).toEpochMilli();
  }

  static boolean finished(JsonObject job) {
    String s = job.getString("status");
    return "Completed".equals(s) || ("Failed".equals(s) && job.getInteger("attemptCount", 0) >= job.getInteger("maxAttempts", 3));
  }

  @Override
  public void close() throws Exception {
    http.close();
    api.close().await(1, TimeUnit.MINUTES);
    vertx.close().await(1, TimeUnit.MINUTES);
  }
}
