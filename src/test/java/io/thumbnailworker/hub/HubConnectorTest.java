package io.thumbnailworker.hub;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.jobs.TestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/** The hub verticle with the official SignalR Java client against a minimal hub over a real WebSocket. */
class HubConnectorTest {
  @TempDir Path tmp;
  Vertx vertx;
  final List<JsonObject> hints = new CopyOnWriteArrayList<>();
  final List<JsonObject> states = new CopyOnWriteArrayList<>();
  final List<JsonObject> statuses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_AVAILABLE, m -> hints.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.HUB_STATE, m -> states.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.JOBS_STATUS, m -> statuses.add(m.body()));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private String deploy(int port, String key) throws Exception {
    ConfigService config = TestSupport.config(vertx, tmp, Map.of("API_BASE_URL", "http://127.0.0.1:" + port,
        "WORKER_API_KEY", key, "SIGNALR_TRANSPORT", "WebSockets"));
    return vertx.deployVerticle(new HubVerticle(config, TestSupport.SPEC_ONLY)).await(10, TimeUnit.SECONDS);
  }

  private boolean connected() {
    return !states.isEmpty() && states.get(states.size() - 1).getBoolean("connected");
  }

  @Test
  @DisplayName("connects with the key as bearer token, turns notifications into hints, acknowledges, and reconnects after a drop")
  void connectNotifyAckReconnect() throws Exception {
    MiniHub hub = new MiniHub().start(vertx, 0).await(5, TimeUnit.SECONDS);
    deploy(hub.port(), "s3cret");
    eventually(Duration.ofSeconds(10), "connected", this::connected);
    assertTrue(hub.authorizations.contains("Bearer s3cret"), hub.authorizations.toString());
    eventually(Duration.ofSeconds(2), "the on-connect hint", () -> hints.stream().anyMatch(JsonObject::isEmpty));

    hub.broadcast("JobEnqueued", new JsonObject().put("JobId", 42).put("ModelId", 7).put("ModelHash", "h")
        .put("Status", "Pending").put("AttemptCount", 0).put("CreatedAt", "2026-11-28T10:00:00Z"));
    hub.broadcast("JobStatusChanged", new JsonObject().put("jobId", 42).put("status", "InProgress").put("workerId", "w-2"));
    eventually(Duration.ofSeconds(5), "a JobEnqueued hint", () -> hints.stream().anyMatch(h -> Long.valueOf(42).equals(h.getLong("jobId"))));
    eventually(Duration.ofSeconds(5), "a status event", () -> statuses.stream().anyMatch(s -> "w-2".equals(s.getString("workerId"))));

    vertx.eventBus().send(Addresses.HUB_ACK, new JsonObject().put("jobId", 42).put("workerId", "worker-test"));
    eventually(Duration.ofSeconds(5), "AcknowledgeJob received", () -> !hub.acks.isEmpty());
    assertEquals(new JsonObject().put("JobId", 42).put("WorkerId", "worker-test"), hub.acks.get(0));

    int hintsBefore = (int) hints.stream().filter(JsonObject::isEmpty).count();
    int statesBefore = states.size();
    long t0 = System.nanoTime();
    hub.dropAll();
    // the reconnect may follow within milliseconds, so look for the published change rather than sample the last one
    eventually(Duration.ofSeconds(5), "a disconnected state published",
        () -> states.subList(statesBefore, states.size()).stream().anyMatch(st -> !st.getBoolean("connected")));
    eventually(Duration.ofSeconds(10), "reconnected", this::connected);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 3_000, "first reconnect is immediate (0 s + jitter), took " + ms + " ms");
    eventually(Duration.ofSeconds(2), "a fresh hint after reconnecting",
        () -> hints.stream().filter(JsonObject::isEmpty).count() > hintsBefore);
  }

  @Test
  @DisplayName("a hub behind a link that died (connection open, nothing gets through) is reported disconnected within the 30 s client timeout")
  void silentHubIsNoticed() throws Exception {
    MiniHub hub = new MiniHub().start(vertx, 0).await(5, TimeUnit.SECONDS);
    BlackholeProxy link = new BlackholeProxy(vertx, hub.port()).start().await(5, TimeUnit.SECONDS);
    deploy(link.port(), "");
    eventually(Duration.ofSeconds(10), "connected", this::connected);
    int statesBefore = states.size();
    long t0 = System.nanoTime();
    link.cut();
    eventually(Duration.ofSeconds(30), "a disconnected state published",
        () -> states.subList(statesBefore, states.size()).stream().anyMatch(st -> !st.getBoolean("connected")));
    System.out.printf("silent hub noticed after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  @Test
  @DisplayName("with no API reachable the hub keeps trying, reports disconnected, and connects once the API appears")
  void noApiThenApi() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
    deploy(port, "");
    eventually(Duration.ofSeconds(5), "a disconnected state", () -> !states.isEmpty());
    assertFalse(connected());
    MiniHub hub = new MiniHub().start(vertx, port).await(5, TimeUnit.SECONDS);   // retry after ~2 s
    eventually(Duration.ofSeconds(10), "connected once the hub is up", this::connected);
    assertTrue(hub.authorizations.stream().noneMatch(a -> a.startsWith("Bearer")), "no key, no token");
  }
}
