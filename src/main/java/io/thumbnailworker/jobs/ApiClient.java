package io.thumbnailworker.jobs;

import io.thumbnailworker.Version;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The worker's side of the HTTP contract (design §2), on one pooled Vert.x {@link WebClient}: every call sends
 * X-Api-Key (when set) and a User-Agent, job calls also X-Worker-Id; connection errors, 5xx and 429 are retried with
 * backoff ({@link Retry}). Model downloads use a core {@link HttpClientAgent} with the same options, because the
 * download needs the status before it streams the body (see {@link ModelDownloader}).
 *
 * <p>Connection settings (URL, key, TLS, HTTP_TIMEOUT_MS) are fixed per instance: a change builds a new client.
 */
public final class ApiClient implements AutoCloseable {
  public static final String USER_AGENT = "thumbnail-worker/" + Version.VERSION;

  private final WorkerConfig cfg;
  private final WebClient web;
  private final HttpClientAgent download;
  private final Retry retry;
  private final long timeoutMs;

  private final boolean view;

  public ApiClient(Vertx vertx, WorkerConfig cfg, Supplier<WorkerConfig> live) {
    this.cfg = cfg;
    this.timeoutMs = cfg.integer(ConfigKey.HTTP_TIMEOUT_MS);
    this.web = WebClient.create(vertx, webOptions(cfg), new PoolOptions().setHttp1MaxSize(16).setHttp2MaxSize(2));
    this.download = vertx.createHttpClient(httpOptions(new HttpClientOptions(), cfg), new PoolOptions().setHttp1MaxSize(16));
    this.retry = new Retry(vertx, () -> live.get().integer(ConfigKey.MAX_RETRIES),
        () -> live.get().integer(ConfigKey.RETRY_DELAY_MS));
    this.view = false;
  }

  private ApiClient(ApiClient shared, Retry retry) {
    this.cfg = shared.cfg;
    this.timeoutMs = shared.timeoutMs;
    this.web = shared.web;
    this.download = shared.download;
    this.retry = retry;
    this.view = true;
  }

  /** The same pooled connections, with retries logged under the job's jobId and modelId. Closing it is a no-op. */
  public ApiClient forJob(long jobId, long modelId) {
    return new ApiClient(this, retry.withMdc(java.util.Map.of("jobId", String.valueOf(jobId), "modelId", String.valueOf(modelId))));
  }

  private static WebClientOptions webOptions(WorkerConfig cfg) {
    WebClientOptions o = new WebClientOptions().setUserAgent(USER_AGENT);
    httpOptions(o, cfg);
    return o;
  }

  /** Shared timeout and TLS settings; HTTP/2 only over TLS, where ALPN lets the server choose (plain http stays 1.1). */
  private static <O extends HttpClientOptions> O httpOptions(O o, WorkerConfig cfg) {
    int timeout = cfg.integer(ConfigKey.HTTP_TIMEOUT_MS);
    o.setConnectTimeout(timeout).setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (cfg.apiBaseUrl().startsWith("https:")) {
      o.setSsl(true).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
      if (!cfg.flag(ConfigKey.TLS_REJECT_UNAUTHORIZED)) o.setTrustAll(true).setVerifyHost(false);
    }
    return o;
  }

  public WorkerConfig config() { return cfg; }
  public Retry retry() { return retry; }
  HttpClientAgent downloadClient() { return download; }

  /** Absolute URL of an API path (the base URL may carry a path prefix). */
  public String url(String path) { return cfg.apiBaseUrl() + path; }

  /** Headers every request carries; {@code workerId} null for non-job calls. */
  public void headers(java.util.function.BiConsumer<String, String> put, String workerId) {
    if (!cfg.apiKey().isEmpty()) put.accept("X-Api-Key", cfg.apiKey());
    if (workerId != null) put.accept("X-Worker-Id", workerId);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path, String workerId) {
    HttpRequest<Buffer> req = web.requestAbs(method, url(path)).timeout(timeoutMs);
    headers(req::putHeader, workerId);
    return req;
  }

  /** 200 → the claimed job; 204 (and 404, as the spec says) → empty. */
  public Future<Optional<JsonObject>> dequeue() {
    String call = "POST /api/thumbnail-jobs/dequeue";
    return retry.run(call, () -> request(HttpMethod.POST, "/api/thumbnail-jobs/dequeue", cfg.workerId())
        .sendJsonObject(new JsonObject().put("workerId", cfg.workerId()))
        .map(resp -> switch (resp.statusCode()) {
          case 200 -> Optional.of(resp.bodyAsJsonObject());
          case 204, 404 -> Optional.<JsonObject>empty();
          default -> throw failure(call, resp);
        }));
  }

  /** {thumbnailPath, sizeBytes, width, height}; {@code workerId} is the job's holder (a report may outlive a restart). */
  public Future<JsonObject> complete(long jobId, JsonObject result, String workerId) {
    return postJson("/api/thumbnail-jobs/" + jobId + "/complete", result, workerId);
  }

  public Future<JsonObject> fail(long jobId, String errorMessage, String workerId) {
    return postJson("/api/thumbnail-jobs/" + jobId + "/fail", new JsonObject().put("errorMessage", errorMessage), workerId);
  }

  private Future<JsonObject> postJson(String path, JsonObject body, String workerId) {
    String call = "POST " + path;
    return retry.run(call, () -> request(HttpMethod.POST, path, workerId).sendJsonObject(body)
        .map(resp -> json(call, resp)));
  }

  /** {@code GET /models/{id}/file?download=false}: {id, name, hash, sizeBytes, contentType, uploadedAt}. */
  public Future<JsonObject> modelMetadata(long modelId) {
    String path = "/models/" + modelId + "/file?download=false";
    return retry.run("GET " + path, () -> request(HttpMethod.GET, path, null).send().map(resp -> json("GET " + path, resp)));
  }

  /** Multipart upload of one image, streamed from disk; answers {thumbnailPath, sizeBytes, width, height, …}. */
  public Future<JsonObject> uploadThumbnail(long modelId, Path file, String contentType, int width, int height) {
    String path = "/models/" + modelId + "/thumbnail/upload";
    return retry.run("POST " + path, () -> {
      MultipartForm form = MultipartForm.create()
          .binaryFileUpload("file", file.getFileName().toString(), file.toString(), contentType)
          .attribute("width", String.valueOf(width))
          .attribute("height", String.valueOf(height));
      return request(HttpMethod.POST, path, null).sendMultipartForm(form).map(resp -> json("POST " + path, resp));
    });
  }

  private static JsonObject json(String call, HttpResponse<Buffer> resp) {
    if (resp.statusCode() / 100 != 2) throw failure(call, resp);
    try {
      JsonObject body = resp.bodyAsJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException e) {
      throw new JobFailure(call + " answered a body that is not JSON");
    }
  }

  private static ApiStatusException failure(String call, HttpResponse<Buffer> resp) {
    return new ApiStatusException(call, resp.statusCode(), resp.bodyAsString());
  }

  @Override
  public void close() {
    if (view) return;
    web.close();
    download.close();
  }
}
