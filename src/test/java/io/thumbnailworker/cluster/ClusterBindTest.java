package io.thumbnailworker.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two workers on hosts that have a second address each: with CLUSTER_HOST set to the first, Hazelcast and the event
 * bus answer there and refuse connections on the second.
 */
class ClusterBindTest {
  @TempDir Path tmp;
  private NetLab lab;
  private LabWorkers workers;

  @AfterEach
  void tearDown() throws Exception {
    if (workers != null) workers.close();
    if (lab != null) lab.close();
  }

  @Test
  @DisplayName("CLUSTER_HOST limits Hazelcast and the event bus to that interface; the nodes still form one cluster")
  void listensOnClusterHostOnly() throws Exception {
    lab = NetLab.create();
    workers = new LabWorkers(lab, tmp);
    List<NetLab.Host> hosts = List.of(lab.addHost(), lab.addHost());
    for (int i = 0; i < hosts.size(); i++) lab.addAddress(hosts.get(i), lab.spareIp(i + 1));
    for (int i = 0; i < hosts.size(); i++) workers.start("node-" + (i + 1), hosts.get(i), hosts, Map.of());
    for (String id : List.of("node-1", "node-2")) {
      eventually(Duration.ofSeconds(100), Duration.ofMillis(250), id + " sees 2 members", () -> workers.members(id) == 2);
    }
    for (int i = 0; i < hosts.size(); i++) {
      connect(hosts.get(i).ip(), LabWorkers.CLUSTER_PORT);
      connect(hosts.get(i).ip(), LabWorkers.BUS_PORT);
      String spare = lab.spareIp(i + 1);
      assertThrows(ConnectException.class, () -> connect(spare, LabWorkers.CLUSTER_PORT),
          "Hazelcast must not listen on " + spare + ", only on CLUSTER_HOST " + hosts.get(i).ip());
      assertThrows(ConnectException.class, () -> connect(spare, LabWorkers.BUS_PORT),
          "the event bus must not listen on " + spare);
    }
  }

  private static void connect(String ip, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 3000);
    }
  }
}
