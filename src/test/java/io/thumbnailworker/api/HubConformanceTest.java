package io.thumbnailworker.api;

import com.google.gson.JsonObject;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.HubException;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub driven by the official com.microsoft.signalr Java client (WebSockets and Long Polling) and raw requests. */
class HubConformanceTest {
  static final String KEY = "conformance-key";
  static final char RS = '\u001e';
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

  static HubConnection client(TransportEnum transport, String token) {
    return HubConnectionBuilder.create(server.baseUrl() + "/hubs/thumbnail-jobs")
        .withTransport(transport)
        .withAccessTokenProvider(Single.defer(() -> Single.just(token)))
        .build();
  }

  static JsonObject next(BlockingQueue<JsonObject> q, String key, long value) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject o = q.poll(500, TimeUnit.MILLISECONDS);
      if (o != null && o.has(key) && o.get(key).getAsLong() == value) return o;
    }
    throw new AssertionError("no hub message with " + key + "=" + value + " within 15 s");
  }

  @ParameterizedTest
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  @DisplayName("a worker connects, hears JobEnqueued and JobStatusChanged, acknowledges, and gets errors for bad calls")
  void workerConversation(TransportEnum transport) throws Exception {
    BlockingQueue<JsonObject> enqueued = new LinkedBlockingQueue<>();
    BlockingQueue<JsonObject> changed = new LinkedBlockingQueue<>();
    try (HubConnection hub = client(transport, KEY)) {
      hub.on("JobEnqueued", enqueued::add, JsonObject.class);
      hub.on("JobStatusChanged", changed::add, JsonObject.class);
      assertTrue(hub.start().blockingAwait(20, TimeUnit.SECONDS), "start() did not complete");
      assertEquals(HubConnectionState.CONNECTED, hub.getConnectionState());

      var model = http.uploadModel("hub-" + transport + ".obj", ApiTestClient.obj(transport.ordinal()));
      JsonObject e = next(enqueued, "JobId", model.getLong("jobId"));
      assertEquals(model.getLong("id"), e.get("ModelId").getAsLong());
      assertEquals(model.getString("hash"), e.get("ModelHash").getAsString());
      assertEquals("Pending", e.get("Status").getAsString());
      assertEquals(0, e.get("AttemptCount").getAsInt());
      assertNotNull(e.get("CreatedAt").getAsString());

      String worker = "worker-" + transport;
      var claimed = http.dequeue(worker);
      assertNotNull(claimed);
      JsonObject s = next(changed, "JobId", claimed.getLong("id"));
      assertEquals("InProgress", s.get("Status").getAsString());
      assertEquals(worker, s.get("WorkerId").getAsString());
      assertNotNull(s.get("UpdatedAt").getAsString());

      assertTrue(hub.invoke("AcknowledgeJob", Map.of("JobId", claimed.getLong("id"), "WorkerId", worker))
          .blockingAwait(10, TimeUnit.SECONDS), "AcknowledgeJob did not complete");
      // method names match case-insensitively, as in ASP.NET Core
      assertTrue(hub.invoke("acknowledgejob", Map.of("jobId", claimed.getLong("id"), "workerId", worker))
          .blockingAwait(10, TimeUnit.SECONDS));
      hub.send("AcknowledgeJob", Map.of("JobId", claimed.getLong("id"), "WorkerId", worker));   // fire-and-forget: no answer

      Exception unknown = assertThrows(Exception.class, () -> hub.invoke("NoSuchMethod", 1).blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(unknown).contains("Unknown hub method 'NoSuchMethod'"), rootMessage(unknown));
      Exception arity = assertThrows(Exception.class, () -> hub.invoke("AcknowledgeJob").blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(rootMessage(arity).contains("provides 0 argument(s) but target expects 1"), rootMessage(arity));
      assertEquals(HubConnectionState.CONNECTED, hub.getConnectionState(), "errors must not drop the connection");

      http.post("/api/thumbnail-jobs/" + claimed.getLong("id") + "/complete", new io.vertx.core.json.JsonObject().put("workerId", worker));
      assertEquals("Completed", next(changed, "JobId", claimed.getLong("id")).get("Status").getAsString());
      assertTrue(hub.stop().blockingAwait(10, TimeUnit.SECONDS));
    }
    waitFor(() -> server.hubClients() == 0, "the server still counts the stopped client");
  }

  @ParameterizedTest
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  @DisplayName("a client without the API key is refused; the key is accepted as a Bearer token")
  void apiKey(TransportEnum transport) {
    try (HubConnection wrong = client(transport, "wrong-key")) {
      Exception e = assertThrows(Exception.class, () -> wrong.start().blockingAwait(20, TimeUnit.SECONDS));
      assertTrue(rootMessage(e).contains("401"), rootMessage(e));
    }
    try (HubConnection right = client(transport, KEY)) {
      assertTrue(right.start().blockingAwait(20, TimeUnit.SECONDS));
    }
  }

  @Test
  @DisplayName("long polling on the wire: first poll answered at once, handshake over POST, held poll, DELETE ends it with 204")
  void longPollingWire() throws Exception {
    var neg = http.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null).bodyAsJsonObject();
    assertEquals(1, neg.getInteger("negotiateVersion"));
    String token = neg.getString("connectionToken");
    assertNotNull(neg.getString("connectionId"));
    assertFalse(token.equals(neg.getString("connectionId")));
    assertEquals(3, neg.getJsonArray("availableTransports").size());
    String url = "/hubs/thumbnail-jobs?id=" + token;

    long t0 = System.nanoTime();
    HttpResponse<Buffer> first = http.get(url);
    assertEquals(200, first.statusCode());
    assertTrue(first.body() == null || first.body().length() == 0);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the first poll must be answered at once");

    assertEquals(200, http.postRaw(url, "text/plain", Buffer.buffer("{\"protocol\":\"json\",\"version\":1}" + RS)).statusCode());
    assertEquals("{}" + RS, http.get(url).bodyAsString());
    // an invocation answered over the next poll; two records in one POST body
    http.postRaw(url, "text/plain", Buffer.buffer("{\"type\":6}" + RS + "{\"type\":1,\"invocationId\":\"7\",\"target\":\"Nope\",\"arguments\":[]}" + RS));
    String answer = http.get(url).bodyAsString();
    assertTrue(answer.contains("\"invocationId\":\"7\"") && answer.contains("Unknown hub method 'Nope'"), answer);

    CompletableFuture<HttpResponse<Buffer>> held = CompletableFuture.supplyAsync(() -> http.get(url));
    // the behaviour under test is an answer that does not come: with nothing to send, the poll is still open 300 ms on
    assertThrows(TimeoutException.class, () -> held.get(300, TimeUnit.MILLISECONDS), "with nothing to send the poll is held");
    assertEquals(202, http.send(HttpMethod.DELETE, url, null).statusCode());
    assertEquals(204, held.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(404, http.get("/hubs/thumbnail-jobs?id=unknown").statusCode());
    assertEquals(400, http.get("/hubs/thumbnail-jobs").statusCode());
  }

  @Test
  @DisplayName("WebSocket with text frames (as browsers send): handshake errors and negotiate v0")
  void webSocketTextFrames() throws Exception {
    var neg0 = http.post("/hubs/thumbnail-jobs/negotiate", null).bodyAsJsonObject();
    assertEquals(0, neg0.getInteger("negotiateVersion"));
    assertFalse(neg0.containsKey("connectionToken"));

    WebSocketClient wsc = vertx.createWebSocketClient();
    try {
      BlockingQueue<String> in = new LinkedBlockingQueue<>();
      WebSocket ws = ApiTestClient.await(wsc.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
          .setURI("/hubs/thumbnail-jobs?id=" + neg0.getString("connectionId") + "&access_token=" + KEY)));
      ws.textMessageHandler(in::add);
      ws.writeTextMessage("{\"protocol\":\"json\",\"version\":1}" + RS + "{\"type\":1,\"invocationId\":\"1\",\"target\":\"x\",\"arguments\":[]}" + RS);
      String all = in.poll(10, TimeUnit.SECONDS);
      while (!all.contains("invocationId")) all += in.poll(10, TimeUnit.SECONDS);
      assertTrue(all.startsWith("{}" + RS), all);
      assertTrue(all.contains("Unknown hub method 'x'"), all);
      ApiTestClient.await(ws.close());

      // a second WebSocket for the same (now closed) connection is refused
      Exception reused = assertThrows(Exception.class, () -> ApiTestClient.await(wsc.connect(new WebSocketConnectOptions().setHost("localhost")
          .setPort(server.port()).setURI("/hubs/thumbnail-jobs?id=" + neg0.getString("connectionId") + "&access_token=" + KEY))));
      assertTrue(reused.getMessage().contains("404"), reused.getMessage());

      // an unsupported protocol gets a handshake error, then the socket is closed
      BlockingQueue<String> in2 = new LinkedBlockingQueue<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      WebSocket ws2 = ApiTestClient.await(wsc.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
          .setURI("/hubs/thumbnail-jobs?access_token=" + KEY)));
      ws2.textMessageHandler(in2::add);
      ws2.closeHandler(v -> closed.complete(null));
      ws2.writeTextMessage("{\"protocol\":\"messagepack\",\"version\":1}" + RS);
      assertTrue(in2.poll(10, TimeUnit.SECONDS).contains("\"error\":\"The protocol 'messagepack' is not supported.\""));
      closed.get(10, TimeUnit.SECONDS);
    } finally {
      wsc.close();
    }
  }

  @Test
  @DisplayName("Server-Sent Events (JS/.NET clients): comment first, then one data: event per send; POST carries the client half")
  void serverSentEvents() throws Exception {
    var neg = http.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null).bodyAsJsonObject();
    String url = "/hubs/thumbnail-jobs?id=" + neg.getString("connectionToken");
    io.vertx.core.http.HttpClient client = vertx.createHttpClient();
    try {
      StringBuffer stream = new StringBuffer();
      var resp = ApiTestClient.await(client.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET)
          .setHost("localhost").setPort(server.port()).setURI(url + "&access_token=" + KEY)
          .putHeader("Accept", "text/event-stream")).compose(req -> req.send().map(r -> r.handler(b -> stream.append(b.toString())))));
      assertEquals(200, resp.statusCode());
      assertEquals("text/event-stream", resp.getHeader("Content-Type"));
      waitFor(() -> stream.toString().startsWith(":\r\n"), "no initial SSE comment");
      http.postRaw(url, "text/plain", Buffer.buffer("{\"protocol\":\"json\",\"version\":1}" + RS));
      waitFor(() -> stream.toString().contains("data: {}" + RS + "\r\n\r\n"), "no handshake event: " + stream);
      long jobId = http.uploadModel("sse.obj", ApiTestClient.obj(31)).getLong("jobId");
      waitFor(() -> stream.toString().contains("\"target\":\"JobEnqueued\"") && stream.toString().contains("\"JobId\":" + jobId),
          "no JobEnqueued over SSE: " + stream);
      assertEquals(400, http.get(url).statusCode(), "a long poll on an SSE connection is refused");
    } finally {
      client.close();
    }
  }

  static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    return sb.toString();
  }

  static void waitFor(java.util.function.BooleanSupplier cond, String message) {
    Await.until(Duration.ofSeconds(15), message, cond);
  }

  static { HubException.class.getName(); }
}
