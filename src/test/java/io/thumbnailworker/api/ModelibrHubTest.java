package io.thumbnailworker.api;

import com.google.gson.JsonObject;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modelibr's hub, {@code /jobProcessingHub}, driven by the official com.microsoft.signalr Java client: events go only
 * to workers that registered, in camelCase, and {@code AcknowledgeJobProcessing} takes exactly (int, string). The
 * server has an API key, which this hub does not ask for.
 */
class ModelibrHubTest {
  static final String KEY = "modelibr-hub-key";
  @TempDir
  static Path data;
  static Vertx vertx;
  static ApiServer server;
  static ApiTestClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).apiKey(KEY).build()));
    http = new ApiTestClient(vertx, server.port());
    http.apiKey = KEY;
  }

  @AfterAll
  static void stop() {
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  /** A hub client without any access token, recording what it hears. */
  static final class Worker implements AutoCloseable {
    final HubConnection hub;
    final BlockingQueue<JsonObject> enqueued = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> changed = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonObject> others = new LinkedBlockingQueue<>();

    Worker(TransportEnum transport) {
      hub = HubConnectionBuilder.create(server.baseUrl() + "/jobProcessingHub").withTransport(transport).build();
      hub.on("JobEnqueued", enqueued::add, JsonObject.class);
      hub.on("JobStatusChanged", changed::add, JsonObject.class);
      for (String e : List.of("WorkerRegistered", "WorkerUnregistered", "JobAcknowledged")) {
        hub.on(e, o -> { o.addProperty("event", e); others.add(o); }, JsonObject.class);
      }
      assertTrue(hub.start().blockingAwait(20, TimeUnit.SECONDS), "the hub did not connect without a token");
    }

    void register(String method, String workerId) {
      assertTrue(hub.invoke(method, workerId).blockingAwait(10, TimeUnit.SECONDS), method + " did not complete");
    }

    @Override
    public void close() {
      hub.close();
    }
  }

  static JsonObject next(BlockingQueue<JsonObject> q, String key, long value) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject o = q.poll(200, TimeUnit.MILLISECONDS);
      if (o != null && o.has(key) && !o.get(key).isJsonNull() && o.get(key).getAsLong() == value) return o;
    }
    throw new AssertionError("no hub message with " + key + "=" + value + " within 15 s");
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return String.valueOf(t.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  @DisplayName("only registered workers hear JobEnqueued (camelCase, with assetType) and JobStatusChanged after a dequeue")
  void eventsGoToRegisteredWorkersOnly(TransportEnum transport) throws Exception {
    try (Worker registered = new Worker(transport); Worker silent = new Worker(transport)) {
      registered.register("RegisterWorker", "w-" + transport);
      long model = http.uploadModel("m-" + transport + ".obj", ApiTestClient.obj(40 + transport.ordinal())).getLong("jobId");
      JsonObject e = next(registered.enqueued, "jobId", model);
      assertEquals("Model", e.get("assetType").getAsString());
      assertEquals("Pending", e.get("status").getAsString());
      assertEquals(0, e.get("attemptCount").getAsInt());
      for (String k : List.of("modelId", "modelHash", "soundId", "soundHash", "createdAt", "timestamp")) assertTrue(e.has(k), k);
      assertTrue(e.get("soundId").isJsonNull());
      assertTrue(!e.has("JobId") && !e.has("AssetType"), "camelCase only: " + e);

      long sound = http.upload("/sounds", "beep.wav", "RIFF....WAVE".getBytes(), "audio/wav", null).bodyAsJsonObject().getLong("jobId");
      JsonObject s = next(registered.enqueued, "jobId", sound);
      assertEquals("Sound", s.get("assetType").getAsString());
      assertTrue(s.get("modelId").isJsonNull());
      assertEquals(64, s.get("soundHash").getAsString().length());

      // claim everything queued (other tests' jobs too) until this model's job comes; each claim is announced
      String worker = "claimer-" + transport;
      for (io.vertx.core.json.JsonObject j; (j = ModelibrCalls.dequeue(http, worker)) != null; ) {
        JsonObject changed = next(registered.changed, "jobId", j.getLong("id"));
        assertEquals("Processing", changed.get("status").getAsString());
        assertEquals(worker, changed.get("workerId").getAsString());
        assertTrue(changed.has("timestamp"));
      }
      assertTrue(silent.enqueued.isEmpty() && silent.changed.isEmpty() && silent.others.isEmpty(),
          "a connection that did not register heard " + silent.enqueued + silent.changed + silent.others);
    }
  }

  @Test
  @DisplayName("RegisterWorker, AcknowledgeJobProcessing and UnregisterWorker are relayed to the other workers; names match case-insensitively")
  void registrationAndAcknowledgement() throws Exception {
    try (Worker a = new Worker(TransportEnum.WEBSOCKETS); Worker b = new Worker(TransportEnum.WEBSOCKETS)) {
      a.register("RegisterWorker", "worker-a");
      b.register("registerworker", "worker-b");
      JsonObject registered = a.others.poll(15, TimeUnit.SECONDS);
      assertEquals("WorkerRegistered", registered.get("event").getAsString());
      assertEquals("worker-b", registered.get("workerId").getAsString());

      assertTrue(b.hub.invoke("AcknowledgeJobProcessing", 42, "worker-b").blockingAwait(10, TimeUnit.SECONDS));
      JsonObject ack = a.others.poll(15, TimeUnit.SECONDS);
      assertEquals("JobAcknowledged", ack.get("event").getAsString());
      assertEquals(42, ack.get("jobId").getAsInt());
      assertEquals("worker-b", ack.get("workerId").getAsString());
      assertTrue(ack.has("timestamp"));
      assertTrue(b.others.isEmpty(), "the caller itself is not told: " + b.others);

      b.register("UnregisterWorker", "worker-b");
      assertEquals("WorkerUnregistered", a.others.poll(15, TimeUnit.SECONDS).get("event").getAsString());
      long job = http.uploadModel("after-unregister.obj", ApiTestClient.obj(77)).getLong("jobId");
      next(a.enqueued, "jobId", job);
      assertTrue(b.enqueued.isEmpty(), "an unregistered worker still heard " + b.enqueued);
    }
  }

  @Test
  @DisplayName("AcknowledgeJobProcessing takes exactly (jobId: int, workerId: string): other counts and a string id are errors")
  void acknowledgeArguments() {
    try (Worker w = new Worker(TransportEnum.WEBSOCKETS)) {
      Exception one = assertThrows(Exception.class,
          () -> w.hub.invoke("AcknowledgeJobProcessing", 5).blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(one).contains("provides 1 argument(s) but target expects 2"), rootMessage(one));
      Exception asString = assertThrows(Exception.class,
          () -> w.hub.invoke("AcknowledgeJobProcessing", "5", "w").blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(asString).contains("Error binding arguments"), rootMessage(asString));
      Exception object = assertThrows(Exception.class, () -> w.hub.invoke("AcknowledgeJobProcessing",
          java.util.Map.of("jobId", 5, "workerId", "w")).blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(object).contains("provides 1 argument(s)"), rootMessage(object));
      Exception fraction = assertThrows(Exception.class,
          () -> w.hub.invoke("AcknowledgeJobProcessing", 5.5, "w").blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(fraction).contains("Error binding arguments"), rootMessage(fraction));
      assertTrue(w.hub.invoke("acknowledgejobprocessing", 5, "w").blockingAwait(10, TimeUnit.SECONDS));
    }
  }

  @Test
  @DisplayName("a manual retry is announced again; a failed attempt that goes back to Pending is not")
  void retryAnnouncedAutomaticRetryNot() throws Exception {
    try (Worker w = new Worker(TransportEnum.WEBSOCKETS)) {
      w.register("RegisterWorker", "watcher");
      long job;
      synchronized (ModelibrCalls.class) {
        job = http.uploadModel("retry.obj", ApiTestClient.obj(91)).getLong("jobId");
        ModelibrCalls.claim(http, job, "flaky");
      }
      next(w.enqueued, "jobId", job);
      var failed = http.post("/thumbnail-jobs/" + job + "/finish", new io.vertx.core.json.JsonObject()
          .put("success", false).put("errorMessage", "GL context lost"));
      assertEquals(200, failed.statusCode(), failed.bodyAsString());
      assertEquals("Pending", ModelibrCalls.job(http, job).getString("status"));
      assertEquals(200, http.post("/thumbnail-jobs/" + job + "/retry", null).statusCode());
      JsonObject again = next(w.enqueued, "jobId", job);
      assertEquals(0, again.get("attemptCount").getAsInt(), "the retry's announcement, not the failure's: " + again);
      assertTrue(w.enqueued.stream().noneMatch(o -> o.get("jobId").getAsLong() == job), "announced more than twice");
    }
  }
}
