package io.thumbnailworker.node;

import io.thumbnailworker.cluster.ClusterSetup;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.status.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's Vert.x, metrics on, clustered over Hazelcast when the configuration asks for it.
 * @param busAddress host:port other members dial for this node's event bus; null when not clustered
 */
record NodeVertx(Vertx vertx, String busAddress) {
  private static final Logger LOG = LoggerFactory.getLogger(NodeVertx.class);

  static Future<NodeVertx> build(WorkerConfig initial, Metrics metrics) {
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics.vertxOptions()).setEventBusOptions(ClusterSetup.eventBusOptions(initial)))
        .withMetrics(metrics.factory());
    HazelcastClusterManager manager = initial.clusterEnabled() ? ClusterSetup.clusterManager(initial) : null;
    if (manager == null) return Future.succeededFuture(new NodeVertx(builder.build(), null));
    LOG.info("Joining the cluster (Hazelcast, members {})", initial.string(ConfigKey.CLUSTER_MEMBERS).isBlank()
        ? "from " + ClusterSetup.DEFAULT_FILE : initial.string(ConfigKey.CLUSTER_MEMBERS));
    return builder.withClusterManager(manager).buildClustered()
        .map(vertx -> new NodeVertx(vertx, ClusterSetup.advertisedBus(manager)));
  }
}
