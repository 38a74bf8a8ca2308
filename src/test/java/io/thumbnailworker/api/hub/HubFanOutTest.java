package io.thumbnailworker.api.hub;

import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.thumbnailworker.api.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcast fan-out: records sent in one event-loop turn leave as one WebSocket frame per client (seen on the wire by a
 * raw client), the official Java client reads such frames without losing, duplicating or reordering anything, and a
 * client that stops reading is closed once it is too far behind instead of holding memory without bound.
 */
class HubFanOutTest {
  static final String PATH = "/hubs/thumbnail-jobs";
  static final char RS = HubProtocol.RS;
  static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  static final Pattern JOB_ID = Pattern.compile("\"JobId\":(\\d+)");
  static Vertx vertx;
  static Hub hub;

  /** A hub on its own HTTP server, both on one event-loop context, as the API verticle sets them up. */
  record Hub(Context context, HubServer server, HttpServer http) {
    String url() {
      return "http://127.0.0.1:" + http.actualPort() + PATH;
    }

    /** Broadcasts JobEnqueued for ids from..to-1, all in one event-loop turn of the hub. */
    void broadcastInOneTurn(int from, int to) throws Exception {
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(v -> {
        for (int id = from; id < to; id++) server.broadcast("JobEnqueued", job(id));
        done.complete(null);
      });
      done.get(10, TimeUnit.SECONDS);
    }

    /** Bytes the hub holds back for backed-up clients, read on its context after the flushes already queued there. */
    int backlog() throws Exception {
      CompletableFuture<Integer> n = new CompletableFuture<>();
      context.runOnContext(v -> n.complete(server.backlogBytes()));
      return n.get(10, TimeUnit.SECONDS);
    }

    void close() throws Exception {
      server.close().await(10, TimeUnit.SECONDS);
      http.close().await(10, TimeUnit.SECONDS);
    }
  }

  static Hub startHub(HubSettings settings, HttpServerOptions options) throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<Hub> started = Promise.promise();
    context.runOnContext(v -> {
      HubServer server = new HubServer(vertx, settings);
      Router router = Router.router(vertx);
      server.mount(router, PATH);
      vertx.createHttpServer(options).requestHandler(router).listen(0, "127.0.0.1")
          .map(http -> new Hub(context, server, http)).onComplete(started);
    });
    return started.future().await(10, TimeUnit.SECONDS);
  }

  static JsonObject job(long id) {
    return new JsonObject().put("JobId", id).put("ModelId", id).put("ModelHash", "fan-out").put("Status", "Pending")
        .put("AttemptCount", 0).put("CreatedAt", "2026-01-01T00:00:00Z");
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    hub = startHub(HubSettings.defaults(), new HttpServerOptions());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A raw WebSocket client past the SignalR handshake that keeps every text frame it receives, as received. */
  static final class RawClient {
    final WebSocketClient client;
    final WebSocket ws;
    final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    /** Records received so far (counted as frames arrive, so polling it is cheap). */
    final AtomicInteger records = new AtomicInteger();

    RawClient(Hub hub, WebSocketClientOptions options) throws Exception {
      client = vertx.createWebSocketClient(options);
      ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.http().actualPort())
          .setURI(PATH)).await(10, TimeUnit.SECONDS);
      ws.frameHandler(f -> {
        if (f.isText() || f.isContinuation()) {
          String text = f.textData();
          frames.add(text);
          records.addAndGet((int) text.chars().filter(c -> c == RS).count());
        }
      });
      ws.writeTextMessage(HANDSHAKE);
      until(Duration.ofSeconds(10), "the handshake answer", () -> !frames.isEmpty());
      assertEquals(List.of("{}" + RS), frames);
      frames.clear();
      records.set(0);
    }

    /** The JobIds in all frames received so far, in order. */
    List<Long> jobIds() {
      List<Long> ids = new ArrayList<>();
      synchronized (frames) {
        for (String f : frames) for (Matcher m = JOB_ID.matcher(f); m.find(); ) ids.add(Long.parseLong(m.group(1)));
      }
      return ids;
    }

    /** Waits until this client has read {@code n} records. */
    void caughtUp(int n) {
      until(Duration.ofSeconds(10), "the client to read " + n + " records", () -> records.get() >= n);
    }

    void close() {
      client.close();
    }
  }

  static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i < to; i++) ids.add(i);
    return ids;
  }

  @Test
  @DisplayName("records broadcast in one event-loop turn reach a client as one text frame; a turn over 64 KiB is cut between records")
  void oneFramePerTurn() throws Exception {
    RawClient raw = new RawClient(hub, new WebSocketClientOptions());
    try {
      hub.broadcastInOneTurn(0, 10);
      until(Duration.ofSeconds(10), "the first turn's frame", () -> !raw.frames.isEmpty());
      hub.broadcastInOneTurn(10, 13);
      until(Duration.ofSeconds(10), "the second turn's frame", () -> raw.frames.size() >= 2);
      Thread.sleep(200);                                  // the behaviour under test is a frame that does not come
      assertEquals(2, raw.frames.size(), "frames: " + raw.frames);
      assertEquals(10, raw.frames.get(0).chars().filter(c -> c == RS).count());
      assertTrue(raw.frames.get(0).endsWith(String.valueOf(RS)));
      assertEquals(3, raw.frames.get(1).chars().filter(c -> c == RS).count());
      assertEquals(range(0, 13), raw.jobIds());

      // ~190 bytes a record: 1,000 records are ~190 KB, so at least three frames, each at most 64 KiB of whole records
      raw.frames.clear();
      hub.broadcastInOneTurn(100, 1_100);
      until(Duration.ofSeconds(10), "1,000 records", () -> raw.jobIds().size() >= 1_000);
      assertEquals(range(100, 1_100), raw.jobIds());
      assertTrue(raw.frames.size() >= 3 && raw.frames.size() <= 5, raw.frames.size() + " frames");
      for (String f : raw.frames) {
        assertTrue(f.length() <= WebSocketTransport.MAX_FRAME_BYTES, f.length() + " bytes");
        assertTrue(f.endsWith(String.valueOf(RS)), "a frame must end with a whole record");
      }
    } finally {
      raw.close();
    }
  }

  @ParameterizedTest
  @EnumSource(value = TransportEnum.class, names = {"WEBSOCKETS", "LONG_POLLING"})
  @DisplayName("5,000 records broadcast quickly reach three official Java clients, all of them, once each, in order")
  void officialClientsGetEverythingInOrder(TransportEnum transport) throws Exception {
    int n = 5_000;
    List<com.microsoft.signalr.HubConnection> clients = new ArrayList<>();
    List<List<Long>> received = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        var c = HubConnectionBuilder.create(hub.url()).withTransport(transport).build();
        List<Long> ids = Collections.synchronizedList(new ArrayList<>());
        c.on("JobEnqueued", o -> ids.add(o.get("JobId").getAsLong()), com.google.gson.JsonObject.class);
        assertTrue(c.start().blockingAwait(20, TimeUnit.SECONDS), "client " + i + " did not connect");
        clients.add(c);
        received.add(ids);
      }
      until(Duration.ofSeconds(10), "3 clients connected", () -> hub.server().connectedClients() == 3);
      // bursts of 50 in one turn (so every frame or poll carries many records), and the rest one task each from this thread
      for (int id = 0; id < n / 2; id += 50) hub.broadcastInOneTurn(id, id + 50);
      for (int id = n / 2; id < n; id++) hub.server().broadcast("JobEnqueued", job(id));
      until(Duration.ofSeconds(60), "every client to receive " + n + " records",
          () -> received.stream().allMatch(ids -> ids.size() >= n));
      Thread.sleep(200);                                  // the behaviour under test: no duplicate after the last record
      for (int i = 0; i < clients.size(); i++) assertEquals(range(0, n), received.get(i), "client " + i + " over " + transport);
    } finally {
      for (var c : clients) c.close();
    }
  }

  @Test
  @DisplayName("a client that stops reading is held back and later gets everything; past maxBufferedBytes it is closed, "
      + "allowed to reconnect; the other client is unaffected")
  void slowClient() throws Exception {
    int cap = 256 * 1024;
    HubSettings defaults = HubSettings.defaults();
    // small socket buffers, so back-pressure reaches the hub after a few hundred kilobytes rather than megabytes
    Hub small = startHub(new HubSettings(defaults.keepAliveMs(), defaults.clientTimeoutMs(), defaults.handshakeTimeoutMs(),
        defaults.longPollTimeoutMs(), defaults.disconnectTimeoutMs(), defaults.maxMessageBytes(), cap),
        new HttpServerOptions().setSendBufferSize(16 * 1024));
    RawClient slow = new RawClient(small, new WebSocketClientOptions().setReceiveBufferSize(16 * 1024));
    RawClient fast = new RawClient(small, new WebSocketClientOptions());
    try {
      CompletableFuture<Void> slowClosed = new CompletableFuture<>();
      slow.ws.closeHandler(v -> slowClosed.complete(null));
      until(Duration.ofSeconds(10), "2 clients connected", () -> small.server().connectedClients() == 2);

      // 1. paused until the hub holds records back for it (its socket is full), then it reads again: nothing is lost
      slow.ws.pause();
      int sent = 0;
      while (small.backlog() == 0 && sent < 20_000) {
        small.broadcastInOneTurn(sent, sent + 100);
        sent += 100;
        fast.caughtUp(sent);                              // only the paused client may fall behind
      }
      assertTrue(small.backlog() > 0 && small.backlog() <= cap, "backlog " + small.backlog() + " after " + sent);
      slow.ws.resume();
      int phase1 = sent;
      until(Duration.ofSeconds(20), "the resumed client to get all " + phase1, () -> slow.jobIds().size() >= phase1);
      assertEquals(range(0, phase1), slow.jobIds());
      assertEquals(0, small.backlog());

      // 2. paused for good: closed once more than the cap behind
      slow.ws.pause();
      while (small.server().connectedClients() == 2 && sent < 50_000) {
        small.broadcastInOneTurn(sent, sent + 100);
        sent += 100;
        fast.caughtUp(sent);
      }
      assertEquals(1, small.server().connectedClients(), "the paused client was not closed after " + sent + " records");
      assertEquals(0, small.backlog());
      for (int id = sent; id < sent + 100; id++) small.server().broadcast("JobEnqueued", job(id));
      int total = sent + 100;
      until(Duration.ofSeconds(20), "the fast client to get all " + total, () -> fast.jobIds().size() >= total);
      assertEquals(range(0, total), fast.jobIds());

      // resumed, the slow client reads what was already on its way (no gap), then the Close message
      slow.ws.resume();
      slowClosed.get(20, TimeUnit.SECONDS);
      List<Long> got = slow.jobIds();
      assertEquals(range(0, got.size()), got);
      assertTrue(got.size() > phase1 && got.size() < total, got.size() + " of " + total);
      String last;
      synchronized (slow.frames) {
        last = slow.frames.get(slow.frames.size() - 1);
      }
      assertTrue(last.startsWith("{\"type\":7,") && last.contains("fell more than " + cap + " bytes behind")
          && last.contains("\"allowReconnect\":true"), last);
    } finally {
      slow.close();
      fast.close();
      small.close();
    }
  }
}
