package io.thumbnailworker.api;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keep-alive and client timeout with the real default intervals (ping every 15 s, client timeout 30 s). Waiting out
 * those intervals is the behaviour under test, so the clients of every case wait side by side in one test: the class
 * waits out the 30 s client timeout once, not once per case.
 */
class HubKeepAliveTest {
  static final char RS = '\u001e';
  @TempDir
  static Path data;
  static Vertx vertx;
  static ApiServer server;
  static ApiTestClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    assertEquals(15_000, server.options().keepAliveMs());
    assertEquals(30_000, server.options().clientTimeoutMs());
    http = new ApiTestClient(vertx, server.port());
  }

  @AfterAll
  static void stop() {
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  private static HubConnection client(TransportEnum transport, long keepAliveMs) {
    return HubConnectionBuilder.create(server.baseUrl() + "/hubs/thumbnail-jobs").withTransport(transport)
        .withKeepAliveInterval(keepAliveMs).build();
  }

  @Test
  @DisplayName("idle clients stay connected past 30 s on both transports; a client that stops pinging is closed by the server")
  void keepAliveAndClientTimeout() throws Exception {
    CompletableFuture<Exception> wsIdleClosed = new CompletableFuture<>();
    CompletableFuture<Exception> lpIdleClosed = new CompletableFuture<>();
    CompletableFuture<Exception> silentClosed = new CompletableFuture<>();
    // default intervals: the server's pings keep the client's 30 s server timeout from firing
    HubConnection wsIdle = client(TransportEnum.WEBSOCKETS, 15_000);
    HubConnection lpIdle = client(TransportEnum.LONG_POLLING, 15_000);
    // pings once after the handshake (which arms the server's client timeout), then never again
    HubConnection silent = client(TransportEnum.WEBSOCKETS, TimeUnit.HOURS.toMillis(1));
    try {
      wsIdle.onClosed(wsIdleClosed::complete);
      lpIdle.onClosed(lpIdleClosed::complete);
      silent.onClosed(e -> silentClosed.complete(e == null ? new Exception("closed without error") : e));
      assertTrue(wsIdle.start().blockingAwait(20, TimeUnit.SECONDS));
      assertTrue(lpIdle.start().blockingAwait(20, TimeUnit.SECONDS));
      long silentStart = System.currentTimeMillis();
      assertTrue(silent.start().blockingAwait(20, TimeUnit.SECONDS));

      // a raw long-polling client (as a JS client would): handshake, one ping, then it vanishes without a DELETE
      var neg = http.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null).bodyAsJsonObject();
      String url = "/hubs/thumbnail-jobs?id=" + neg.getString("connectionToken");
      assertEquals(200, http.get(url).statusCode());
      http.postRaw(url, "text/plain", Buffer.buffer("{\"protocol\":\"json\",\"version\":1}" + RS + "{\"type\":6}" + RS));
      assertEquals("{}" + RS, http.get(url).bodyAsString());
      waitFor(() -> server.hubClients() == 4, 10_000, "four clients should be connected");

      Exception timedOut = silentClosed.get(45, TimeUnit.SECONDS);
      long silentLived = System.currentTimeMillis() - silentStart;
      assertTrue(silentLived >= 29_000 && silentLived < 40_000, "closed after " + silentLived + " ms");
      assertTrue(CauseText.of(timedOut).contains("Client timeout"), CauseText.of(timedOut));

      // by now both idle clients have been idle for more than 30 s
      assertTrue(System.currentTimeMillis() - silentStart > 30_000);
      assertEquals(HubConnectionState.CONNECTED, wsIdle.getConnectionState());
      assertEquals(HubConnectionState.CONNECTED, lpIdle.getConnectionState());
      assertTrue(!wsIdleClosed.isDone() && !lpIdleClosed.isDone(), "an idle client was closed");
      assertTrue(wsIdle.invoke("AcknowledgeJob", Map.of("JobId", 1, "WorkerId", "w")).blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(lpIdle.invoke("AcknowledgeJob", Map.of("JobId", 1, "WorkerId", "w")).blockingAwait(10, TimeUnit.SECONDS));

      // the vanished raw client stopped sending after its ping: the server closed it too (its poll now ends the stream)
      waitFor(() -> server.hubClients() == 2, 10_000, "the vanished long-polling client is still counted");
      var last = http.get(url);
      assertTrue(last.statusCode() == 204 || last.statusCode() == 404
          || (last.statusCode() == 200 && last.bodyAsString().contains("\"type\":7")), last.statusCode() + " " + last.bodyAsString());
      assertNotNull(timedOut);
    } finally {
      wsIdle.close();
      lpIdle.close();
      silent.close();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier cond, long ms, String message) {
    Await.until(Duration.ofMillis(ms), message, cond);
  }

  /** The messages of an exception and its causes, for assertions on what the client reported. */
  static final class CauseText {
    static String of(Throwable t) {
      StringBuilder sb = new StringBuilder();
      for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append(" | ");
      return sb.toString();
    }
  }
}
