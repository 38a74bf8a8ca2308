package io.thumbnailworker.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hosts; node-3 advertises an event-bus address nobody has (a wrong EVENTBUS_PUBLIC_HOST). It still joins
 * Hazelcast, but it must say loudly that the others cannot reach it: /ready 503, an error naming the address, and
 * every node's /status marking its bus unreachable while the other two are reachable.
 */
class EventBusReachabilityTest {
  @TempDir Path tmp;
  private NetLab lab;
  private LabWorkers workers;

  @AfterEach
  void tearDown() throws Exception {
    if (workers != null) workers.close();
    if (lab != null) lab.close();
  }

  @Test
  @DisplayName("a node whose advertised event-bus address is unreachable is not ready, logs the address, and /status shows it")
  void unreachableBusIsReported() throws Exception {
    lab = NetLab.create();
    workers = new LabWorkers(lab, tmp);
    List<NetLab.Host> hosts = List.of(lab.addHost(), lab.addHost(), lab.addHost());
    String wrong = lab.unusedIp();
    workers.start("node-1", hosts.get(0), hosts, Map.of());
    workers.start("node-2", hosts.get(1), hosts, Map.of());
    workers.start("node-3", hosts.get(2), hosts, Map.of("EVENTBUS_PUBLIC_HOST", wrong));
    List<String> ids = List.of("node-1", "node-2", "node-3");
    for (String id : ids) {
      eventually(Duration.ofSeconds(100), Duration.ofMillis(250), id + " sees 3 members", () -> workers.members(id) == 3);
    }
    for (String viewer : ids) {
      eventually(Duration.ofSeconds(40), Duration.ofMillis(250), viewer + " shows node-3's bus unreachable and the others reachable",
          () -> Boolean.FALSE.equals(reachable(viewer, "node-3")) && Boolean.TRUE.equals(reachable(viewer, "node-1"))
              && Boolean.TRUE.equals(reachable(viewer, "node-2")));
    }
    JsonObject entry = member("node-1", "node-3");
    assertEquals(wrong + ":" + LabWorkers.BUS_PORT, entry.getJsonObject("eventBus").getString("address"), entry.encode());

    HttpResponse<String> bad = workers.ready("node-3");
    assertEquals(503, bad.statusCode(), bad.body());
    assertTrue(new JsonObject(bad.body()).getString("reason", "").contains(wrong + ":" + LabWorkers.BUS_PORT), bad.body());
    for (String good : List.of("node-1", "node-2")) assertEquals(200, workers.ready(good).statusCode(), good);
    String errorLine = workers.log("node-3").lines().filter(l -> l.contains("ERROR") && l.contains(wrong + ":" + LabWorkers.BUS_PORT))
        .findFirst().orElse(null);
    assertTrue(errorLine != null && errorLine.contains("EVENTBUS_PUBLIC_HOST"),
        "node-3 logs an error naming its advertised address and the key to fix:\n" + workers.log("node-3"));
  }

  /** {@code member}'s eventBus.reachable as {@code viewer}'s /status lists it; null when absent or unknown. */
  private Boolean reachable(String viewer, String member) {
    JsonObject m = member(viewer, member);
    JsonObject bus = m == null ? null : m.getJsonObject("eventBus");
    return bus == null ? null : bus.getBoolean("reachable");
  }

  private JsonObject member(String viewer, String member) {
    JsonObject s = workers.status(viewer);
    if (s == null) return null;
    return s.getJsonObject("cluster").getJsonArray("members").stream().map(o -> (JsonObject) o)
        .filter(m -> member.equals(m.getString("workerId"))).findFirst().orElse(null);
  }
}
