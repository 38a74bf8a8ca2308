package io.thumbnailworker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Makes one node of the cluster hold the SignalR hub connection. The holder keeps a lease entry with a TTL in a
 * cluster-wide map and renews it every {@code renewMs}; the others try to take it on the same beat. When the holder
 * dies its entry expires (TTL {@code ttlMs}) and another node takes over within ttl + renew. In a single-node
 * (non-clustered) Vert.x the same map is local and the node takes the lease at once.
 *
 * <p>Renewal checks the entry before writing it, so a holder that stalled past its TTL and lost the lease notices
 * and stops its hub. A holder that cannot renew at all (cut off from the members that own the entry, whose map calls
 * then hang) stops its hub once its last renewal is {@code ttl - renew} old, before the others can see the entry
 * expire. A brief overlap (two connections for one beat) can only duplicate hints, which is harmless: the HTTP claim
 * stays the only arbiter of who works on a job.
 */
public final class HubLease {
  private static final Logger LOG = LoggerFactory.getLogger(HubLease.class);
  static final String MAP = "thumbnail.cluster";
  static final String KEY = "hubHolder";

  /** What the lease switches on and off: the hub verticle's deployment. */
  public interface Holder {
    Future<Void> acquired();
    Future<Void> lost();
  }

  private final Vertx vertx;
  private final String workerId;
  private final long renewMs;
  private final long ttlMs;
  private final Holder holder;
  private AsyncMap<String, String> map;
  private long timer = -1;
  private boolean holding;
  private boolean busy;
  private long renewedAt;
  /** Bumped when the lease is given up, so a renewal that answers late is ignored. */
  private long term;
  private volatile String currentHolder;

  public HubLease(Vertx vertx, String workerId, long renewMs, long ttlMs, Holder holder) {
    this.vertx = vertx;
    this.workerId = workerId;
    this.renewMs = renewMs;
    this.ttlMs = ttlMs;
    this.holder = holder;
  }

  /** Who holds the hub connection cluster-wide (as of the last beat), or null. */
  public String currentHolder() { return currentHolder; }
  public boolean holding() { return holding; }

  public Future<Void> start() {
    return vertx.sharedData().<String, String>getAsyncMap(MAP).map(m -> {
      map = m;
      timer = vertx.setPeriodic(0, renewMs, id -> beat());
      return null;
    });
  }

  private void beat() {
    if (holding && System.nanoTime() - renewedAt > TimeUnit.MILLISECONDS.toNanos(ttlMs - renewMs)) {
      giveUp();
      return;
    }
    if (busy) return;
    busy = true;
    long beatTerm = term;
    Future<Void> step = holding ? renew(beatTerm) : tryAcquire();
    step.onComplete(ar -> {
      if (beatTerm != term) return;   // given up meanwhile: giveUp() freed the beat
      busy = false;
      if (ar.failed()) LOG.warn("Hub lease: {}", ar.cause().getMessage());
    });
  }

  /** The entry could not be renewed in time: another node may take it any moment, so this one lets go first. */
  private void giveUp() {
    term++;
    busy = false;
    holding = false;
    currentHolder = null;
    LOG.warn("Hub lease not renewed for {} ms (the cluster map does not answer); stopping this node's hub connection",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renewedAt));
    holder.lost().onFailure(e -> LOG.warn("Hub connection not stopped: {}", e.getMessage()));
  }

  private Future<Void> tryAcquire() {
    long askedAt = System.nanoTime();   // a new entry's TTL runs from later than this
    return map.putIfAbsent(KEY, workerId, ttlMs).compose(existing -> {
      currentHolder = existing == null ? workerId : existing;
      if (existing != null && !existing.equals(workerId)) return Future.succeededFuture();
      // an entry of this node's own is a renewal that completed after it gave up: still its lease, with a fresh TTL
      long writtenAt = existing == null ? askedAt : System.nanoTime();
      Future<Void> written = existing == null ? Future.succeededFuture() : map.put(KEY, workerId, ttlMs);
      return written.compose(v -> {
        holding = true;
        renewedAt = writtenAt;
        LOG.info("This node ({}) now holds the hub connection", workerId);
        return holder.acquired();
      });
    });
  }

  private Future<Void> renew(long beatTerm) {
    return map.get(KEY)
        .compose(value -> value == null ? map.putIfAbsent(KEY, workerId, ttlMs).map(prev -> prev == null ? workerId : prev)
            : Future.succeededFuture(value))
        .compose(value -> {
          if (beatTerm != term) return Future.succeededFuture();
          if (!value.equals(workerId)) {
            holding = false;
            currentHolder = value;
            LOG.warn("Hub lease lost to {}; stopping this node's hub connection", value);
            return holder.lost();
          }
          currentHolder = workerId;
          long putAt = System.nanoTime();   // the entry's new TTL runs from later than this
          return map.put(KEY, workerId, ttlMs).onSuccess(v -> renewedAt = Math.max(renewedAt, putAt));
        });
  }

  /** Stops beating and, when holding, stops the hub and frees the lease so another node takes it at once. */
  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    if (!holding || map == null) return Future.succeededFuture();
    holding = false;
    return holder.lost().compose(v -> map.removeIfPresent(KEY, workerId)).mapEmpty();
  }
}
