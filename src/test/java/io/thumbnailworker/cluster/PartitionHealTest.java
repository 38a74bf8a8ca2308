package io.thumbnailworker.cluster;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hub-capable nodes on three hosts and the reference API on the test's side of the LAN. The hub holder's cable
 * is pulled for 30 s: it must notice its dead SignalR connection within the client's 30 s server timeout while the
 * other two take the hub over; once the cable is back, the halves merge and the cluster is back to one hub connection,
 * one holder in every /status, and every event bus reachable again.
 */
class PartitionHealTest {
  private static final List<String> IDS = List.of("node-1", "node-2", "node-3");

  @TempDir Path tmp;
  private final Vertx vertx = Vertx.vertx();
  private ApiServer api;
  private NetLab lab;
  private LabWorkers workers;

  @AfterEach
  void tearDown() throws Exception {
    if (workers != null) workers.close();
    if (lab != null) lab.close();
    if (api != null) api.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a cut-off hub holder drops its connection within 30 s; after the link heals one hub connection remains")
  void healedPartitionEndsWithOneHubConnection() throws Exception {
    lab = NetLab.create();
    api = ApiServer.start(vertx, ApiOptions.builder(tmp.resolve("api")).port(0).build()).await(60, TimeUnit.SECONDS);
    workers = new LabWorkers(lab, tmp);
    List<NetLab.Host> hosts = List.of(lab.addHost(), lab.addHost(), lab.addHost());
    for (int i = 0; i < 3; i++) {
      workers.start(IDS.get(i), hosts.get(i), hosts, Map.of("API_BASE_URL", "http://" + lab.gateway() + ":" + api.port()));
    }
    for (String id : IDS) poll(100, id + " sees 3 members", () -> workers.members(id) == 3);
    poll(60, "one hub connection, the same holder in every /status", () -> oneHolder(IDS) != null);
    String holder = oneHolder(IDS);
    NetLab.Host cut = hosts.get(IDS.indexOf(holder));
    List<String> rest = IDS.stream().filter(id -> !id.equals(holder)).toList();

    lab.cut(cut);
    long cutAt = System.nanoTime();
    poll(30, holder + " (cut off) notices its hub connection is dead", () -> Boolean.FALSE.equals(workers.signalrConnected(holder)));
    System.out.printf("the cut-off holder reported its hub connection down %d ms after the cut%n", sinceMs(cutAt));
    poll(60, "another node holds the hub", () -> rest.stream().anyMatch(id -> Boolean.TRUE.equals(workers.signalrConnected(id))));
    Thread.sleep(Math.max(0, 30_000 - sinceMs(cutAt)));

    lab.heal(cut);
    long healedAt = System.nanoTime();
    poll(75, "one hub connection and one holder in every /status after the heal",
        () -> api.hubClients() == 1 && oneHolder(IDS) != null && IDS.stream().allMatch(id -> workers.members(id) == 3));
    System.out.printf("one hub connection again %d ms after the link came back (holder %s)%n", sinceMs(healedAt), oneHolder(IDS));
    poll(30, "every node's event bus reachable again, as every /status shows", () -> IDS.stream().allMatch(this::allBusesReachable));
    System.out.printf("every event bus reachable again %d ms after the link came back%n", sinceMs(healedAt));
    for (int i = 0; i < 10; i++) {
      Thread.sleep(1000);
      assertNotNull(oneHolder(IDS), "still one holder, seen alike by every node, " + (i + 1) + " s later");
      assertEquals(1, api.hubClients(), "the API still sees one hub connection");
    }
  }

  /** The one node with a live hub connection when every node's /status names it as holder; null otherwise. */
  private String oneHolder(List<String> ids) {
    List<String> connected = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (String id : ids) {
      JsonObject s = workers.status(id);
      if (s == null) return null;
      if (s.getJsonObject("worker").getBoolean("signalrConnected")) connected.add(id);
      named.add(Objects.toString(s.getJsonObject("hub").getString("holderWorkerId")));
    }
    return connected.size() == 1 && named.equals(Set.of(connected.get(0))) ? connected.get(0) : null;
  }

  private boolean allBusesReachable(String viewer) {
    JsonObject s = workers.status(viewer);
    return s != null && s.getJsonObject("cluster").getJsonArray("members").stream().map(o -> (JsonObject) o)
        .filter(m -> m.getJsonObject("eventBus") != null && Boolean.TRUE.equals(m.getJsonObject("eventBus").getBoolean("reachable")))
        .count() == IDS.size();
  }

  private static long sinceMs(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void poll(int seconds, String what, java.util.function.BooleanSupplier condition) {
    eventually(Duration.ofSeconds(seconds), Duration.ofMillis(250), what, condition);
  }
}
