package io.thumbnailworker.jobs;

import io.thumbnailworker.Version;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.JobEvent;
import io.thumbnailworker.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Expectation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpResponseHead;
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
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The worker's side of the HTTP contract: the routes and bodies come from the {@link Backend} (the claim's from the
 * {@link BackendSelector}'s current one, a job's calls from the backend that handed the job out); this class adds the
 * base URL, X-Api-Key (when set), X-Worker-Id (job calls), a User-Agent, HTTP_TIMEOUT_MS, TLS settings and retries of
 * connection errors, 5xx and 429 ({@link Retry}). Calls run on one pooled Vert.x {@link WebClient}; file downloads and
 * the claim on a core {@link HttpClientAgent} with the same options, because a download needs the status before it
 * streams the body ({@link BodyToFile}) and a claim whose 200 arrived must not be sent again ({@link ClaimCall}); event-log posts on a small pool of their own, so they never hold up a job's calls. A
 * refusal fails with an {@link ApiStatusException} naming the call and the status.
 *
 * <p>Connection settings (URL, key, TLS, HTTP_TIMEOUT_MS) are fixed per instance: a change builds a new client.
 */
public final class ApiClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
  public static final String USER_AGENT = "thumbnail-worker/" + Version.VERSION;
  /** Event posts waiting for a connection beyond this are dropped. */
  private static final int EVENT_QUEUE = 64;
  private static final long EVENT_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final WorkerConfig cfg;
  private final BackendSelector backends;
  private final WebClient web;
  private final WebClient events;
  private final HttpClientAgent download;
  private final Retry retry;
  private final long timeoutMs;
  private final boolean view;

  public ApiClient(Vertx vertx, WorkerConfig cfg, Supplier<WorkerConfig> live, BackendSelector backends) {
    this.vertx = vertx;
    this.cfg = cfg;
    this.backends = backends;
    this.timeoutMs = cfg.integer(ConfigKey.HTTP_TIMEOUT_MS);
    this.web = WebClient.create(vertx, ClientOptions.apply(new WebClientOptions().setUserAgent(USER_AGENT), cfg),
        new PoolOptions().setHttp1MaxSize(16).setHttp2MaxSize(2));
    // events go on connections of their own, and are dropped rather than queued without end when the API is slow
    this.events = WebClient.create(vertx, ClientOptions.apply(new WebClientOptions().setUserAgent(USER_AGENT), cfg),
        new PoolOptions().setHttp1MaxSize(2).setHttp2MaxSize(1).setMaxWaitQueueSize(EVENT_QUEUE));
    this.download = vertx.createHttpClient(ClientOptions.apply(new HttpClientOptions(), cfg), new PoolOptions().setHttp1MaxSize(16));
    this.retry = new Retry(vertx, () -> live.get().integer(ConfigKey.MAX_RETRIES),
        () -> live.get().integer(ConfigKey.RETRY_DELAY_MS));
    this.view = false;
  }

  private ApiClient(ApiClient shared, Retry retry) {
    this.vertx = shared.vertx;
    this.cfg = shared.cfg;
    this.backends = shared.backends;
    this.timeoutMs = shared.timeoutMs;
    this.web = shared.web;
    this.events = shared.events;
    this.download = shared.download;
    this.retry = retry;
    this.view = true;
  }

  /** The same pooled connections, with retries logged under the job's jobId and modelId. Closing it is a no-op. */
  public ApiClient forJob(long jobId, long modelId) {
    return new ApiClient(this, retry.withMdc(Map.of("jobId", String.valueOf(jobId), "modelId", String.valueOf(modelId))));
  }

  /** The backend a report written under {@code profile} goes to (null: reports from before profiles). */
  public Backend backend(String profile) { return backends.forProfile(profile); }

  /**
   * Claims one job from the backend spoken now: empty when none is waiting (the backend's "none" statuses). Tells the
   * selector whether the API answered, so that {@code API_PROFILE=auto} can ask again after a long silence.
   */
  public Future<Optional<DequeuedJob>> dequeue() {
    return backends.current().compose(backend -> {
      ApiCall call = backend.dequeue(cfg.workerId());
      RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(url(call.path()))
          .setIdleTimeout(timeoutMs).putHeader("User-Agent", USER_AGENT).putHeader("Content-Type", "application/json");
      headers(options::putHeader, cfg.workerId());
      return retry.run(call.toString(), () -> ClaimCall.send(download, options, call.toString(), call.body(), backend.noJobStatuses()))
          .andThen(ar -> {
            if (ar.succeeded() || ar.cause() instanceof JobFailure) backends.reachable();
            else backends.unreachable();
          })
          .map(answer -> answer.status() == 200 ? Optional.of(ClaimCall.readJob(backend, call, answer.body())) : Optional.empty());
    });
  }

  /**
   * Streams GET {@code path} into {@code file} (at most {@code maxBytes}), retried like any call while the job is not
   * cancelled; answers the name the server gave (may be null) and the byte count.
   */
  Future<BodyToFile.Fetched> fetch(String path, Path file, long maxBytes, JobControl control) {
    String call = "GET " + path;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url(path));
    headers(options::putHeader, null);
    BodyToFile body = new BodyToFile(vertx, download);
    return retry.run(call, () -> {
      control.check();
      return body.fetch(options, call, file, maxBytes, control);
    });
  }

  /** GET {@code path} as a JSON object, with retries. */
  public Future<JsonObject> getJson(String path) {
    ApiCall call = new ApiCall(HttpMethod.GET, path, null);
    return retry.run(call.toString(), () -> send(call, null, HttpResponseExpectation.SC_OK).map(resp -> json(call, resp)));
  }

  /** Multipart upload of one rendered image, streamed from disk; answers {thumbnailPath, sizeBytes, width, height, …}. */
  public Future<JsonObject> uploadThumbnail(DequeuedJob job, Path file, String contentType, int width, int height) {
    return upload(job.backend().uploadPath(job, contentType), () -> MultipartForm.create()
        .binaryFileUpload("file", file.getFileName().toString(), file.toString(), contentType)
        .attribute("width", String.valueOf(width))
        .attribute("height", String.valueOf(height)));
  }

  /** Multipart upload of a sound's waveform PNG with the sound's hash (its folder); answers {storagePath, sizeBytes, …}. */
  public Future<JsonObject> uploadWaveform(DequeuedJob job, Path png, String soundHash) {
    return upload(job.backend().waveformUploadPath(job), () -> {
      MultipartForm form = MultipartForm.create().binaryFileUpload("file", png.getFileName().toString(), png.toString(), "image/png");
      return soundHash == null || soundHash.isBlank() ? form : form.attribute("soundHash", soundHash);
    });
  }

  /** {@code PUT} multipart upload of one file (part {@code file}) to {@code path}; answers its JSON (empty for none). */
  public Future<JsonObject> putFile(String path, byte[] bytes, String fileName, String contentType) {
    return upload(new ApiCall(HttpMethod.PUT, path, null), () -> MultipartForm.create()
        .binaryFileUpload("file", fileName, Buffer.buffer(bytes), contentType));
  }

  /** Sends {@code call} (a side call about a job: metadata, records) with retries; answers its JSON (empty for none). */
  public Future<JsonObject> call(ApiCall call) {
    return retry.run(call.toString(), () -> send(call, null, HttpResponseExpectation.SC_SUCCESS).map(resp -> json(call, resp)));
  }

  private Future<JsonObject> upload(String path, Supplier<MultipartForm> form) {
    return upload(ApiCall.post(path, null), form);
  }

  private Future<JsonObject> upload(ApiCall call, Supplier<MultipartForm> form) {
    return retry.run(call.toString(), () -> request(call, null).sendMultipartForm(form.get())
        .expecting(answering(call, HttpResponseExpectation.SC_SUCCESS))
        .map(resp -> json(call, resp)));
  }

  /**
   * Sends a job's report (made by {@code backend}: complete or fail) with retries; {@code workerId} is the job's holder
   * (a report may outlive a restart).
   */
  public Future<JsonObject> report(ApiCall call, String workerId) {
    return retry.run(call.toString(), () -> send(call, workerId, HttpResponseExpectation.SC_SUCCESS).map(resp -> json(call, resp)));
  }

  /**
   * Adds {@code event} to the job's event log when its backend keeps one: one attempt, no retries, nobody waits for it;
   * a failure is logged at debug only, so the event log can never fail or slow a job.
   */
  public void postEvent(DequeuedJob job, JobEvent event) {
    job.backend().event(job.id(), event).ifPresent(call -> {
      HttpRequest<Buffer> req = events.requestAbs(call.method(), url(call.path())).timeout(Math.min(timeoutMs, EVENT_TIMEOUT_MS));
      headers(req::putHeader, cfg.workerId());
      req.sendJsonObject(call.body()).expecting(answering(call, HttpResponseExpectation.SC_SUCCESS))
          .onFailure(err -> LOG.debug("Event {} of job {} not recorded: {}", event.type(), job.id(), Errors.oneLine(err)));
    });
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
    events.close();
    download.close();
  }
}
