package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real reference API ({@link ApiServer}) on its own Vert.x, plus blocking helpers for tests (called from the test
 * thread): upload models and other assets, read jobs and models, fetch files. Also starts worker nodes pointed at it.
 * The helpers follow the profile the server was started with: its job listing ({@code /api/thumbnail-jobs} where the
 * spec is spoken, else Modelibr's {@code /thumbnail-jobs}) and its status names ({@link #completed()} …), and send
 * the server's API key when it has one.
 */
final class RealApi implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final Path dataDir;
  final WebClient web = WebClient.create(vertx);
  ApiServer server;
  private int port;
  private ApiProfile profile = ApiProfile.BOTH;
  private String apiKey;

  private RealApi(Path dataDir) { this.dataDir = dataDir; }

  static RealApi start(Path dataDir, int port, Consumer<ApiOptions.Builder> tweak) throws Exception {
    RealApi api = new RealApi(dataDir);
    api.startServer(port, tweak);
    return api;
  }

  void startServer(int port, Consumer<ApiOptions.Builder> tweak) throws Exception {
    ApiOptions.Builder b = ApiOptions.builder(dataDir).port(port);
    tweak.accept(b);
    ApiOptions options = b.build();
    server = ApiServer.start(vertx, options).await(30, TimeUnit.SECONDS);
    this.port = server.port();
    this.profile = options.profile();
    this.apiKey = options.apiKey();
  }

  void stopServer() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
  }

  int port() { return port; }
  String baseUrl() { return "http://127.0.0.1:" + port; }
  ApiProfile profile() { return profile; }
  String apiKey() { return apiKey; }

  /** The job listing's status names: the spec's where the server speaks it, else Modelibr's. */
  String completed() { return profile.speaksSpec() ? "Completed" : "Done"; }
  String inProgress() { return profile.speaksSpec() ? "InProgress" : "Processing"; }
  String failed() { return profile.speaksSpec() ? "Failed" : "Dead"; }
  String pending() { return "Pending"; }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> r = web.requestAbs(method, baseUrl() + path);
    if (apiKey != null) r.putHeader("X-Api-Key", apiKey);
    return r;
  }

  /** POST /models with one file; returns {id, name, hash, sizeBytes, jobId, …}. */
  JsonObject uploadModel(String name, byte[] bytes) throws Exception {
    return create("/models", new Form().file("file", name, "application/octet-stream", bytes));
  }

  /** POST {@code path} (one of the creation routes) with {@code form}; the 201 answer, or an AssertionError saying why not. */
  JsonObject create(String path, Form form) throws Exception {
    HttpResponse<Buffer> r = form.send(request(HttpMethod.POST, path));
    if (r.statusCode() != 201) throw new AssertionError("POST " + path + " of " + form.files + " answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return request(HttpMethod.GET, path).send().await(60, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> put(String path, JsonObject body) throws Exception {
    return request(HttpMethod.PUT, path).sendJsonObject(body).await(60, TimeUnit.SECONDS);
  }

  /** Every job, oldest first, as the listing of the server's profile shows it. */
  JsonArray jobs() throws Exception {
    HttpResponse<Buffer> r = get(profile.speaksSpec() ? "/api/thumbnail-jobs" : "/thumbnail-jobs");
    if (r.statusCode() != 200) throw new AssertionError("job listing answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonArray();
  }

  /** Every job by id, from one listing. */
  Map<Long, JsonObject> jobsById() throws Exception {
    Map<Long, JsonObject> byId = new LinkedHashMap<>();
    for (Object o : jobs()) byId.put(((JsonObject) o).getLong("id"), (JsonObject) o);
    return byId;
  }

  JsonObject job(long id) throws Exception {
    return jobsById().get(id);
  }

  String status(long jobId) {
    try {
      JsonObject j = job(jobId);
      return j == null ? null : j.getString("status");
    } catch (Exception | AssertionError e) {
      return null;   // the API may be restarting
    }
  }

  /** True when every job of {@code ids} has one of {@code statuses} (one listing). */
  boolean all(List<Long> ids, String... statuses) {
    try {
      Map<Long, JsonObject> byId = jobsById();
      return ids.stream().allMatch(id -> byId.containsKey(id) && List.of(statuses).contains(byId.get(id).getString("status")));
    } catch (Exception | AssertionError e) {
      return false;
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

  /**
   * A multipart body built by hand: several parts may share the name {@code file} (each a part of its own, as browsers
   * and curl send them), and each file part carries the type given.
   */
  static final class Form {
    private final String boundary = "b-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> files = new java.util.ArrayList<>();

    Form field(String name, String value) {
      text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
      return this;
    }

    Form file(String name, String fileName, String contentType, byte[] content) {
      files.add(fileName);
      text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
          + "Content-Type: " + contentType + "\r\n\r\n");
      body.writeBytes(content);
      text("\r\n");
      return this;
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
      text("--" + boundary + "--\r\n");
      return request.putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
          .sendBuffer(Buffer.buffer(body.toByteArray())).await(60, TimeUnit.SECONDS);
    }

    private void text(String s) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() throws Exception {
    web.close();
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
