package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real reference API ({@link ApiServer}) on its own Vert.x, plus blocking helpers for tests (called from the test
 * thread): upload models, read jobs and models, fetch files. Also starts worker nodes pointed at it.
 */
final class RealApi implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Path dataDir;
  final WebClient web = WebClient.create(vertx);
  ApiServer server;
  private int port;

  private RealApi(Path dataDir) { this.dataDir = dataDir; }

  static RealApi start(Path dataDir, int port, Consumer<ApiOptions.Builder> tweak) throws Exception {
    RealApi api = new RealApi(dataDir);
    api.startServer(port, tweak);
    return api;
  }

  void startServer(int port, Consumer<ApiOptions.Builder> tweak) throws Exception {
    ApiOptions.Builder b = ApiOptions.builder(dataDir).port(port);
    tweak.accept(b);
    server = ApiServer.start(vertx, b.build()).await(30, TimeUnit.SECONDS);
    this.port = server.port();
  }

  void stopServer() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
  }

  int port() { return port; }
  String baseUrl() { return "http://127.0.0.1:" + port; }

  /** POST /models; returns {id, name, hash, sizeBytes, jobId}. */
  JsonObject uploadModel(String name, byte[] bytes) throws Exception {
    Path tmp = Files.createTempFile("model", ".bin");
    try {
      Files.write(tmp, bytes);
      HttpResponse<Buffer> r = web.postAbs(baseUrl() + "/models")
          .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", name, tmp.toString(), "application/octet-stream"))
          .await(60, TimeUnit.SECONDS);
      if (r.statusCode() != 201) throw new AssertionError("upload of " + name + " answered " + r.statusCode() + ": " + r.bodyAsString());
      return r.bodyAsJsonObject();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return web.getAbs(baseUrl() + path).send().await(60, TimeUnit.SECONDS);
  }

  JsonArray jobs() throws Exception { return get("/api/thumbnail-jobs").bodyAsJsonArray(); }

  JsonObject job(long id) throws Exception {
    for (Object o : jobs()) if (((JsonObject) o).getLong("id") == id) return (JsonObject) o;
    return null;
  }

  String status(long jobId) {
    try {
      JsonObject j = job(jobId);
      return j == null ? null : j.getString("status");
    } catch (Exception e) {
      return null;   // the API may be restarting
    }
  }

  JsonObject model(long id) throws Exception { return get("/models/" + id).bodyAsJsonObject(); }

  /** A worker node pointed at this API (or at {@code base} when given), with test-friendly defaults. */
  static WorkerNode worker(Path storage, String apiBase, Map<String, Object> values) throws Exception {
    JsonObject flat = new JsonObject().put("API_BASE_URL", apiBase).put("WORKER_PORT", 0).put("CONFIG_SCAN_PERIOD_MS", 0)
        .put("THUMBNAIL_STORAGE_PATH", storage.toString()).put("RETRY_DELAY_MS", 50).put("SIGNALR_TRANSPORT", "WebSockets");
    values.forEach(flat::put);
    return WorkerNode.start(new ConfigService.Sources(storage.resolve("none.json"), false, Map.of(), new Properties(), flat))
        .await(60, TimeUnit.SECONDS);
  }

  static byte[] obj(int variant) {
    return ("# model " + variant + "\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n").getBytes();
  }

  @Override
  public void close() throws Exception {
    web.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
