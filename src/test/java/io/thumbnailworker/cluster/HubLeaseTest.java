package io.thumbnailworker.cluster;

import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.thumbnailworker.jobs.TestSupport.eventually;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real Hazelcast members on loopback in one JVM. */
class HubLeaseTest {
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Vertx v : nodes) v.close().await(30, TimeUnit.SECONDS);
  }

  private Vertx clusteredNode(String name) throws Exception {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("WORKER_ID", name).put("CLUSTER_HOST", "127.0.0.1")
        .put("CLUSTER_MEMBERS", "127.0.0.1:5801,127.0.0.1:5802").put("CLUSTER_PORT", 5801));
    Vertx vertx = Vertx.builder().with(new io.vertx.core.VertxOptions().setEventBusOptions(ClusterSetup.eventBusOptions(cfg)))
        .withClusterManager(ClusterSetup.clusterManager(cfg)).buildClustered().await(60, TimeUnit.SECONDS);
    nodes.add(vertx);
    return vertx;
  }

  private static final class Counting implements HubLease.Holder {
    final AtomicInteger acquired = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    public Future<Void> acquired() { acquired.incrementAndGet(); return Future.succeededFuture(); }
    public Future<Void> lost() { lost.incrementAndGet(); return Future.succeededFuture(); }
  }

  @Test
  @DisplayName("exactly one node holds the hub; when it stops, the other takes over and both see the cluster")
  void oneHolderWithFailover() throws Exception {
    Vertx a = clusteredNode("node-a"), b = clusteredNode("node-b");
    Counting ha = new Counting(), hb = new Counting();
    HubLease la = new HubLease(a, "node-a", 500, 3000, ha);
    la.start().await(10, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "node-a takes the free lease", () -> la.holding());
    HubLease lb = new HubLease(b, "node-b", 500, 3000, hb);
    lb.start().await(10, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "node-b sees node-a holding", () -> "node-a".equals(lb.currentHolder()));
    Thread.sleep(4000); // longer than the TTL: renewals keep node-a's lease
    assertTrue(la.holding());
    assertEquals(0, hb.acquired.get(), "never two holders");

    ClusterView va = new ClusterView(a, true, "node-a", () -> new JsonObject().put("workerId", "node-a"), 200);
    ClusterView vb = new ClusterView(b, true, "node-b", () -> new JsonObject().put("workerId", "node-b"), 200);
    va.start().await(10, TimeUnit.SECONDS);
    vb.start().await(10, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "node-a sees both members", () -> va.snapshot().getJsonArray("members").size() == 2);

    la.stop().await(10, TimeUnit.SECONDS);
    assertEquals(1, ha.lost.get());
    eventually(Duration.ofSeconds(30), "node-b takes over", () -> lb.holding());
    assertEquals(1, hb.acquired.get());
    va.stop().await(10, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "a stopped node leaves the view", () -> vb.snapshot().getJsonArray("members").size() == 1);
    vb.stop().await(10, TimeUnit.SECONDS);
    lb.stop().await(10, TimeUnit.SECONDS);
  }
}
