package io.thumbnailworker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cluster membership as /status shows it: every node publishes {workerId, roles, activeJobs, holdsHub, eventBus} into a
 * cluster-wide map every beat with a TTL of a few beats (a dead node drops out by itself), and keeps a cached copy of
 * everyone's entries so /status answers without a cluster round trip.
 */
public final class ClusterView {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  static final String MAP = "thumbnail.members";

  private final Vertx vertx;
  private final boolean clustered;
  private final String workerId;
  private final Supplier<JsonObject> self;
  private final long beatMs;
  private AsyncMap<String, JsonObject> map;
  private long timer = -1;
  private volatile JsonArray members = new JsonArray();

  public ClusterView(Vertx vertx, boolean clustered, String workerId, Supplier<JsonObject> self, long beatMs) {
    this.vertx = vertx;
    this.clustered = clustered;
    this.workerId = workerId;
    this.self = self;
    this.beatMs = beatMs;
  }

  public Future<Void> start() {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).compose(m -> {
      map = m;
      timer = vertx.setPeriodic(beatMs, id -> beat());
      return beat();
    });
  }

  private Future<Void> beat() {
    return map.put(workerId, self.get(), beatMs * 4)
        .compose(v -> map.entries())
        .map(entries -> {
          members = sorted(entries);
          return (Void) null;
        })
        .onFailure(e -> LOG.warn("Cluster view not refreshed: {}", e.getMessage()));
  }

  private static JsonArray sorted(Map<String, JsonObject> entries) {
    JsonArray out = new JsonArray();
    entries.values().stream().sorted(Comparator.comparing(o -> o.getString("workerId", ""))).forEach(out::add);
    return out;
  }

  /** The workerIds of the members whose entries carry {@code field}, as of the last beat. */
  public List<String> workerIdsWith(String field) {
    return members.stream().map(o -> (JsonObject) o).filter(m -> m.containsKey(field))
        .map(m -> m.getString("workerId", "")).toList();
  }

  /** {enabled, members:[{workerId, roles, activeJobs, holdsHub, eventBus}]}. */
  public JsonObject snapshot() {
    return new JsonObject().put("enabled", clustered).put("members", members.copy());
  }

  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return map == null ? Future.succeededFuture() : map.remove(workerId).mapEmpty();
  }
}
