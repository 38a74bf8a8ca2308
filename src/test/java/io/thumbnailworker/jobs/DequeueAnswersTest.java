package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.backend.ModelibrBackend;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile and broken dequeue answers from a server over a real socket, in both contracts: a job the worker cannot
 * process is failed back with a readable message; an answer whose body cannot be read (empty, not an object, cut
 * short, stalled) is one readable failure and is never sent again, since a second dequeue could claim a second job.
 */
class DequeueAnswersTest {
  @TempDir Path tmp;
  Vertx vertx;
  HttpServer server;
  final AtomicInteger dequeues = new AtomicInteger();
  /** How the next dequeue is answered; 204 once it has been used. */
  volatile Consumer<HttpServerResponse> answer;
  /** Every report: "path body". */
  final List<String> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create());
    for (String path : List.of("/api/thumbnail-jobs/dequeue", "/thumbnail-jobs/dequeue")) {
      r.post(path).handler(ctx -> {
        dequeues.incrementAndGet();
        Consumer<HttpServerResponse> a = answer;
        answer = null;
        if (a == null) ctx.response().setStatusCode(204).end();
        else a.accept(ctx.response());
      });
    }
    r.post("/thumbnail-jobs/:id/events").handler(ctx -> json(ctx, new JsonObject().put("eventId", 1)));
    r.post("/*").handler(ctx -> {          // the reports: fail (spec), finish (modelibr)
      reports.add(ctx.request().path() + " " + ctx.body().asString());
      json(ctx, new JsonObject().put("status", "Failed"));
    });
    server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private String base() { return "http://127.0.0.1:" + server.actualPort(); }

  private static BackendSelector backends(Contract contract) {
    return contract == Contract.SPEC ? TestSupport.SPEC_ONLY : BackendSelector.fixed(new ModelibrBackend());
  }

  private static void ok(HttpServerResponse resp, String body) {
    resp.putHeader("Content-Type", "application/json").end(body);
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("a 200 naming a job without its model id is failed back at once with a readable message, on the job's report route")
  void jobWithoutModelIdIsFailedBack(Contract contract) throws Exception {
    answer = resp -> ok(resp, new JsonObject().put("id", 41).put("assetType", "Model").put("attemptCount", 1).encode());
    ConfigService config = TestSupport.config(vertx, tmp.resolve("storage"), Map.of("API_BASE_URL", base(),
        "API_PROFILE", contract.workerProfile, "POLL_INTERVAL_MS", 3_600_000, "RETRY_DELAY_MS", 10));
    Metrics metrics = new Metrics();
    vertx.deployVerticle(new JobsVerticle(config, metrics, () -> false, backends(contract))).await(10, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(10), "job 41 failed back", () -> !reports.isEmpty());
    String report = reports.get(0);
    assertTrue(report.startsWith(contract == Contract.SPEC ? "/api/thumbnail-jobs/41/fail " : "/thumbnail-jobs/41/finish "), report);
    JsonObject body = new JsonObject(report.substring(report.indexOf(' ') + 1));
    String message = body.getString("errorMessage");
    assertTrue(message.startsWith("claim: POST ") && message.contains("without a numeric") && message.contains("modelId"), message);
    if (contract == Contract.MODELIBR) assertEquals(false, body.getBoolean("success"));
    eventually(Duration.ofSeconds(5), "counted as a failure", () -> metrics.failed() == 1);
    assertEquals(1, reports.size(), "failed back once: " + reports);
    assertTrue(dequeues.get() >= 2, "then the loop went on");
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("an empty 200, a 200 that is not an object, one cut short and one that stalls: each one readable failure, never re-sent")
  void unreadableAnswersAreNotRetried(Contract contract) throws Exception {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", base()).put("WORKER_ID", "w-1")
        .put("RETRY_DELAY_MS", 10).put("MAX_RETRIES", 3).put("HTTP_TIMEOUT_MS", 1000));
    try (ApiClient client = new ApiClient(vertx, cfg, () -> cfg, backends(contract));
         TestSupport.LogCapture log = TestSupport.captureLog("io.thumbnailworker")) {
      expectUnreadable(client, resp -> resp.setStatusCode(200).end(), "answered 200 with an empty body");
      expectUnreadable(client, resp -> ok(resp, "[1, 2]"), "answered 200 with a body that is not a JSON object: [1, 2]");
      expectUnreadable(client, resp -> resp.putHeader("Content-Length", "400").write("{\"id\": 7, \"model")
          .onComplete(v -> resp.reset()), "answered 200 but its body could not be read");
      expectUnreadable(client, resp -> resp.putHeader("Content-Length", "400").write("{\"id\": 8, "),
          "answered 200 but its body could not be read");
      assertTrue(log.lines().stream().noneMatch(l -> l.contains("NullPointerException")), log.lines().toString());

      dequeues.set(0);
      answer = resp -> resp.setStatusCode(503).end();        // a refusal still is retried: no job was claimed
      assertTrue(client.dequeue().await(10, TimeUnit.SECONDS).isEmpty());
      assertEquals(2, dequeues.get());
    }
  }

  private void expectUnreadable(ApiClient client, Consumer<HttpServerResponse> how, String expected) {
    dequeues.set(0);
    answer = how;
    Throwable err = assertThrows(Throwable.class, () -> client.dequeue().await(10, TimeUnit.SECONDS));
    assertInstanceOf(JobFailure.class, err, String.valueOf(err));
    assertTrue(err.getMessage().contains(expected), err.getMessage());
    assertEquals(1, dequeues.get(), "sent once: " + err.getMessage());
  }
}
