package io.thumbnailworker.backend;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.jobs.TestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/** API_PROFILE=auto against small real HTTP servers that answer like each contract, or like neither. */
class BackendSelectorTest {
  /** What the server in front of the selector answers like. */
  enum Speaks { SPEC_HUB, MODELIBR_HUB, MODELIBR_ROUTE_ONLY, BOTH_HUBS, NEITHER }

  Vertx vertx;
  HttpServer server;
  volatile Speaks speaks;
  final List<String> seen = new CopyOnWriteArrayList<>();
  final AtomicReference<WorkerConfig> config = new AtomicReference<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    configure("auto");
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void configure(String profile) {
    config.set(WorkerConfig.from(new JsonObject().put("API_BASE_URL", "http://127.0.0.1:" + server.actualPort())
        .put("API_PROFILE", profile).put("WORKER_API_KEY", "k")));
  }

  private void answer(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      seen.add(req.method() + " " + req.uri() + " " + body + " key=" + req.getHeader("X-Api-Key"));
      boolean specHub = speaks == Speaks.SPEC_HUB || speaks == Speaks.BOTH_HUBS;
      boolean modelibrHub = speaks == Speaks.MODELIBR_HUB || speaks == Speaks.BOTH_HUBS;
      if (req.path().equals("/hubs/thumbnail-jobs/negotiate") && specHub
          || req.path().equals("/jobProcessingHub/negotiate") && modelibrHub) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("connectionId", "c")
            .put("negotiateVersion", 1).put("availableTransports", new JsonArray()).encode());
      } else if (req.path().equals("/thumbnail-jobs/dequeue") && speaks == Speaks.MODELIBR_ROUTE_ONLY
          && "".equals(body.toJsonObject().getString("workerId"))) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end("{\"error\":\"InvalidWorkerId\",\"message\":\"Worker ID must be 1-100 characters\"}");
      } else if (req.path().endsWith("/negotiate") || req.path().endsWith("/dequeue")) {
        req.response().setStatusCode(404).end("<html>not here</html>");
      } else {
        req.response().setStatusCode(200).end("<html>the gallery</html>");   // a catch-all page is no hub
      }
    });
  }

  private BackendSelector selector(long reprobeAfterMs) {
    return new BackendSelector(vertx, config::get, n -> 300, reprobeAfterMs);
  }

  @Test
  @DisplayName("a server whose spec hub answers negotiate is spoken to as spec, with the key, after one round of two probes")
  void specHub() throws Exception {
    speaks = Speaks.SPEC_HUB;
    BackendSelector selector = selector(60_000);
    try (var log = TestSupport.captureLog(BackendSelector.class)) {
      assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile());
      assertEquals(1, log.count("API_PROFILE=auto: http://127.0.0.1:" + server.actualPort() + " speaks the spec contract"));
    }
    assertEquals("spec", selector.describe());
    assertEquals(2, seen.size(), seen.toString());
    assertTrue(seen.contains("POST /hubs/thumbnail-jobs/negotiate?negotiateVersion=1  key=k"), seen.toString());
    assertTrue(seen.contains("POST /jobProcessingHub/negotiate?negotiateVersion=1  key=k"), seen.toString());
    assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile());
    assertEquals(2, seen.size(), "the answer is kept");
  }

  @Test
  @DisplayName("a server whose /jobProcessingHub answers negotiate is spoken to as modelibr")
  void modelibrHub() throws Exception {
    speaks = Speaks.MODELIBR_HUB;
    assertEquals("modelibr", selector(60_000).current().await(5, TimeUnit.SECONDS).profile());
    assertTrue(seen.stream().noneMatch(s -> s.contains("dequeue")), "no dequeue probe when a hub answers");
  }

  @Test
  @DisplayName("when both hubs answer (the reference server's 'both') the spec contract is kept")
  void bothHubs() throws Exception {
    speaks = Speaks.BOTH_HUBS;
    assertEquals("spec", selector(60_000).current().await(5, TimeUnit.SECONDS).profile());
  }

  @Test
  @DisplayName("with no hub answering, a dequeue route that refuses a blank worker id is found, and nothing is claimed")
  void dequeueRouteOnly() throws Exception {
    speaks = Speaks.MODELIBR_ROUTE_ONLY;
    assertEquals("modelibr", selector(60_000).current().await(5, TimeUnit.SECONDS).profile());
    List<String> dequeues = seen.stream().filter(s -> s.contains("/dequeue")).toList();
    assertEquals(2, dequeues.size(), seen.toString());
    assertTrue(dequeues.stream().allMatch(s -> s.contains(" {\"workerId\":\"\"} ")), "only blank worker ids: " + dequeues);
  }

  @Test
  @DisplayName("a server answering neither is reported plainly with every probe's answer, again within one backoff round")
  void neither() throws Exception {
    speaks = Speaks.NEITHER;
    BackendSelector selector = selector(60_000);
    String line = "no thumbnail-jobs backend at http://127.0.0.1:" + server.actualPort() + ": ";
    try (var log = TestSupport.captureLog(BackendSelector.class)) {
      long t0 = System.nanoTime();
      Exception e = assertThrows(Exception.class, () -> selector.current().await(5, TimeUnit.SECONDS));
      assertInstanceOf(NoBackendException.class, e);
      assertTrue(e.getMessage().startsWith(line), e.getMessage());
      for (String probe : List.of("spec hub POST /hubs/thumbnail-jobs/negotiate?negotiateVersion=1 answered HTTP 404",
          "modelibr hub POST /jobProcessingHub/negotiate?negotiateVersion=1 answered HTTP 404",
          "spec dequeue POST /api/thumbnail-jobs/dequeue {\"workerId\":\"\"} answered HTTP 404",
          "modelibr dequeue POST /thumbnail-jobs/dequeue {\"workerId\":\"\"} answered HTTP 404")) {
        assertTrue(e.getMessage().contains(probe), probe + " in " + e.getMessage());
      }
      assertEquals(1, log.count(line));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
      assertEquals("none", selector.describe());
      // until the round's backoff (300 ms here) has passed, callers get the same answer without a new round
      int requests = seen.size();
      assertThrows(Exception.class, () -> selector.current().await(5, TimeUnit.SECONDS));
      assertEquals(requests, seen.size());
      eventually(Duration.ofSeconds(3), "the second round's report", () -> {
        selector.current();
        return log.count(line) == 2;
      });
    }
  }

  @Test
  @DisplayName("auto asks again once the API has been unreachable past the reprobe time, and follows the API's new contract")
  void reprobesAfterUnreachable() throws Exception {
    speaks = Speaks.SPEC_HUB;
    BackendSelector selector = selector(200);
    assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile());
    speaks = Speaks.MODELIBR_HUB;
    selector.unreachable();
    assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile(), "one failure is not enough");
    selector.reachable();
    Thread.sleep(250);
    selector.unreachable();
    assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile(), "a success in between restarts the clock");
    Thread.sleep(250);
    selector.unreachable();
    assertEquals("modelibr", selector.current().await(5, TimeUnit.SECONDS).profile());
  }

  @Test
  @DisplayName("API_PROFILE=spec or modelibr probes nothing, and a live change of it takes effect at once")
  void explicitProfiles() throws Exception {
    speaks = Speaks.NEITHER;
    configure("modelibr");
    BackendSelector selector = selector(60_000);
    assertEquals("modelibr", selector.current().await(5, TimeUnit.SECONDS).profile());
    assertEquals("modelibr", selector.describe());
    configure("spec");
    selector.configChanged(Set.of(ConfigKey.API_PROFILE));
    assertEquals("spec", selector.current().await(5, TimeUnit.SECONDS).profile());
    assertEquals(List.of(), seen);
    assertEquals("modelibr", selector.forProfile("modelibr").profile());
    assertEquals("spec", selector.forProfile(null).profile(), "reports written before profiles");
  }
}
