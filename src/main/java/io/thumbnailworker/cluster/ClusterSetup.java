package io.thumbnailworker.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the Hazelcast cluster manager and event-bus options of a clustered node from {@code conf/cluster.xml}
 * (TCP/IP join) and the CLUSTER_* / EVENTBUS_* keys, which override the file.
 */
public final class ClusterSetup {
  public static final Path DEFAULT_FILE = Path.of("conf", "cluster.xml");
  /**
   * Hazelcast looks for the other half of a split cluster 300 s after start and then every 120 s; until then a healed
   * network stays two clusters, each with its own hub connection. A look every few seconds costs one connection
   * attempt per listed member that is not in the cluster.
   */
  static final String MERGE_FIRST_DELAY_SECONDS = "10";
  static final String MERGE_NEXT_DELAY_SECONDS = "5";

  private ClusterSetup() {}

  public static HazelcastClusterManager clusterManager(WorkerConfig cfg) {
    return new HazelcastClusterManager(hazelcastConfig(cfg, DEFAULT_FILE));
  }

  static Config hazelcastConfig(WorkerConfig cfg, Path file) {
    Config hz;
    try {
      hz = Files.isRegularFile(file) ? new FileSystemXmlConfig(file.toFile()) : ConfigUtil.loadConfig();
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cfg.integer(ConfigKey.CLUSTER_PORT)).setPortAutoIncrement(true);
    String host = cfg.string(ConfigKey.CLUSTER_HOST);
    if (!host.isBlank()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
      network.setPublicAddress(null);
      hz.setProperty("hazelcast.local.localAddress", host);
      // listen on that interface only, not on every interface of the host
      hz.setProperty("hazelcast.socket.bind.any", "false");
    }
    defaultProperty(hz, "hazelcast.merge.first.run.delay.seconds", MERGE_FIRST_DELAY_SECONDS);
    defaultProperty(hz, "hazelcast.merge.next.run.delay.seconds", MERGE_NEXT_DELAY_SECONDS);
    List<String> members = members(cfg);
    if (!members.isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    return hz;
  }

  /** Sets a property the config file left unset. */
  private static void defaultProperty(Config hz, String name, String value) {
    if (hz.getProperty(name) == null) hz.setProperty(name, value);
  }

  static List<String> members(WorkerConfig cfg) {
    return Arrays.stream(cfg.string(ConfigKey.CLUSTER_MEMBERS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** host:port the other members dial for this node's event bus, as the joined cluster manager advertises it. */
  public static String advertisedBus(ClusterManager manager) {
    NodeInfo info = manager.getNodeInfo();
    return info.host() + ":" + info.port();
  }

  /** Event-bus transport options: which interface and port other nodes reach this node's bus on. */
  public static EventBusOptions eventBusOptions(WorkerConfig cfg) {
    EventBusOptions options = new EventBusOptions().setPort(cfg.integer(ConfigKey.EVENTBUS_PORT));
    String host = cfg.string(ConfigKey.EVENTBUS_HOST);
    if (host.isBlank()) host = cfg.string(ConfigKey.CLUSTER_HOST);
    if (!host.isBlank()) options.setHost(host);
    String publicHost = cfg.string(ConfigKey.EVENTBUS_PUBLIC_HOST);
    if (!publicHost.isBlank()) options.setClusterPublicHost(publicHost);
    return options;
  }
}
