package io.thumbnailworker.jobs;

import io.thumbnailworker.Version;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.fs.FileOps;
import io.vertx.core.Expectation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpResponseHead;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The worker's side of the HTTP contract: the routes and bodies come from the {@link Backend}; this class adds the
 * base URL, X-Api-Key (when set), X-Worker-Id (job calls), a User-Agent, HTTP_TIMEOUT_MS, TLS settings and retries of
 * connection errors, 5xx and 429 ({@link Retry}). Calls run on one pooled Vert.x {@link WebClient}; model downloads on
 * a core {@link HttpClientAgent} with the same options, because a download needs the status before it streams the
 * body ({@link BodyToFile}). A refusal fails with an {@link ApiStatusException} naming the call and the status.
 *
 * <p>Connection settings (URL, key, TLS, HTTP_TIMEOUT_MS) are fixed per instance: a change builds a new client.
 */
public final class ApiClient implements AutoCloseable {
  public static final String USER_AGENT = "thumbnail-worker/" + Version.VERSION;

  /** A downloaded model: the local file and the sanitised name it was saved under. */
  public record Downloaded(Path file, String name, long bytes) {}

  private final Vertx vertx;
  private final WorkerConfig cfg;
  private final Backend backend;
  private final WebClient web;
  private final HttpClientAgent download;
  private final Retry retry;
  private final long timeoutMs;
  private final boolean view;

  public ApiClient(Vertx vertx, WorkerConfig cfg, Supplier<WorkerConfig> live, Backend backend) {
    this.vertx = vertx;
    this.cfg = cfg;
    this.backend = backend;
    this.timeoutMs = cfg.integer(ConfigKey.HTTP_TIMEOUT_MS);
    this.web = WebClient.create(vertx, httpOptions(new WebClientOptions().setUserAgent(USER_AGENT), cfg),
        new PoolOptions().setHttp1MaxSize(16).setHttp2MaxSize(2));
    this.download = vertx.createHttpClient(httpOptions(new HttpClientOptions(), cfg), new PoolOptions().setHttp1MaxSize(16));
    this.retry = new Retry(vertx, () -> live.get().integer(ConfigKey.MAX_RETRIES),
        () -> live.get().integer(ConfigKey.RETRY_DELAY_MS));
    this.view = false;
  }

  private ApiClient(ApiClient shared, Retry retry) {
    this.vertx = shared.vertx;
    this.cfg = shared.cfg;
    this.backend = shared.backend;
    this.timeoutMs = shared.timeoutMs;
    this.web = shared.web;
    this.download = shared.download;
    this.retry = retry;
    this.view = true;
  }

  /** The same pooled connections, with retries logged under the job's jobId and modelId. Closing it is a no-op. */
  public ApiClient forJob(long jobId, long modelId) {
    return new ApiClient(this, retry.withMdc(Map.of("jobId", String.valueOf(jobId), "modelId", String.valueOf(modelId))));
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

  /** Claims one job: empty when none is waiting (204, or 404 as the spec says). */
  public Future<Optional<DequeuedJob>> dequeue() {
    ApiCall call = backend.dequeue(cfg.workerId());
    Expectation<HttpResponseHead> claimOrNone = HttpResponseExpectation.SC_OK.or(HttpResponseExpectation.SC_NO_CONTENT)
        .or(HttpResponseExpectation.SC_NOT_FOUND);
    return retry.run(call.toString(), () -> send(call, cfg.workerId(), claimOrNone))
        .map(resp -> resp.statusCode() == 200 ? Optional.of(readJob(call, resp)) : Optional.empty());
  }

  private DequeuedJob readJob(ApiCall call, HttpResponse<Buffer> resp) {
    JsonObject body = json(call, resp);
    try {
      return backend.readJob(body);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(call + " answered " + e.getMessage() + ": " + body.encode());
    }
  }

  /**
   * Downloads the job's model into {@code dir} under its sanitised name (Content-Disposition, else the metadata call,
   * else "model-{id}"), at most {@code maxBytes}; retried like any call while the job is not cancelled.
   */
  public Future<Downloaded> downloadModel(DequeuedJob job, Path dir, long maxBytes, JobControl control) {
    Optional<String> route = backend.modelFilePath(job);
    if (route.isEmpty()) {
      return Future.failedFuture(new JobFailure("a " + job.assetType() + " job has no model file to download"));
    }
    String call = "GET " + route.get();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url(route.get()));
    headers(options::putHeader, null);
    Path part = dir.resolve("download.part");
    BodyToFile body = new BodyToFile(vertx, download);
    return retry.run(call, () -> {
      control.check();
      return body.fetch(options, call, part, maxBytes, control);
    }).compose(fetched -> fileName(job, fetched.name()).compose(name -> {
      Path target = dir.resolve(name);
      return vertx.executeBlocking(() -> {           // plain NIO: see BodyToFile
        FileOps.moveIntoPlace(part, target);
        return new Downloaded(target, name, fetched.bytes());
      }, false);
    }));
  }

  private Future<String> fileName(DequeuedJob job, String fromHeader) {
    String fallback = "model-" + job.modelId();
    Optional<String> metadata = backend.modelMetadataPath(job);
    if (fromHeader != null && !SafeFileNames.extension(fromHeader).isEmpty() || metadata.isEmpty()) {
      return Future.succeededFuture(SafeFileNames.sanitize(fromHeader, fallback));
    }
    ApiCall call = new ApiCall(HttpMethod.GET, metadata.get(), null);
    return retry.run(call.toString(), () -> send(call, null, HttpResponseExpectation.SC_SUCCESS))
        .map(resp -> SafeFileNames.sanitize(json(call, resp).getString("name"), fallback))
        .otherwise(err -> SafeFileNames.sanitize(fromHeader, fallback));
  }

  /** Multipart upload of one rendered image, streamed from disk; answers {thumbnailPath, sizeBytes, width, height, …}. */
  public Future<JsonObject> uploadThumbnail(DequeuedJob job, Path file, String contentType, int width, int height) {
    ApiCall call = ApiCall.post(backend.uploadPath(job, contentType), null);
    return retry.run(call.toString(), () -> {
      MultipartForm form = MultipartForm.create()
          .binaryFileUpload("file", file.getFileName().toString(), file.toString(), contentType)
          .attribute("width", String.valueOf(width))
          .attribute("height", String.valueOf(height));
      return request(call, null).sendMultipartForm(form)
          .expecting(answering(call, HttpResponseExpectation.SC_SUCCESS))
          .map(resp -> json(call, resp));
    });
  }

  /** Reports a completed job; {@code workerId} is the job's holder (a report may outlive a restart). */
  public Future<JsonObject> complete(long jobId, String assetType, JsonObject result, String workerId) {
    ApiCall call = backend.complete(jobId, assetType, result);
    return retry.run(call.toString(), () -> send(call, workerId, HttpResponseExpectation.SC_SUCCESS).map(resp -> json(call, resp)));
  }

  public Future<JsonObject> fail(long jobId, String assetType, String errorMessage, String workerId) {
    ApiCall call = backend.fail(jobId, assetType, errorMessage);
    return retry.run(call.toString(), () -> send(call, workerId, HttpResponseExpectation.SC_SUCCESS).map(resp -> json(call, resp)));
  }

  /** One attempt of {@code call}, expecting one of {@code statuses}. */
  private Future<HttpResponse<Buffer>> send(ApiCall call, String workerId, Expectation<HttpResponseHead> statuses) {
    HttpRequest<Buffer> req = request(call, workerId);
    Future<HttpResponse<Buffer>> sent = call.body() == null ? req.send() : req.sendJsonObject(call.body());
    return sent.expecting(answering(call, statuses));
  }

  private HttpRequest<Buffer> request(ApiCall call, String workerId) {
    HttpRequest<Buffer> req = web.requestAbs(call.method(), url(call.path())).timeout(timeoutMs);
    headers(req::putHeader, workerId);
    return req;
  }

  /** {@code statuses}, failing otherwise with an {@link ApiStatusException}: the call, the status, the body's start. */
  private static Expectation<HttpResponseHead> answering(ApiCall call, Expectation<HttpResponseHead> statuses) {
    return statuses.wrappingFailure((resp, err) -> failure(call, resp));
  }

  /** Absolute URL of an API path (the base URL may carry a path prefix). */
  private String url(String path) { return cfg.apiBaseUrl() + path; }

  /** Headers every request carries; {@code workerId} null for calls that are not about a job. */
  private void headers(BiConsumer<String, String> put, String workerId) {
    if (!cfg.apiKey().isEmpty()) put.accept("X-Api-Key", cfg.apiKey());
    if (workerId != null) put.accept("X-Worker-Id", workerId);
  }

  private static JsonObject json(ApiCall call, HttpResponse<Buffer> resp) {
    try {
      JsonObject body = resp.bodyAsJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException e) {
      throw new JobFailure(call + " answered a body that is not JSON");
    }
  }

  private static ApiStatusException failure(ApiCall call, HttpResponseHead resp) {
    String body = resp instanceof HttpResponse<?> r ? r.bodyAsString() : null;
    return new ApiStatusException(call.toString(), resp.statusCode(), body);
  }

  @Override
  public void close() {
    if (view) return;
    web.close();
    download.close();
  }
}
