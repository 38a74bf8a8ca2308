package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically fails every InProgress job whose lease ran out: each counts as a failed attempt, and the job is
 * re-queued and announced again, or ends Failed when out of attempts. One sweep runs at a time.
 */
final class LeaseSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

  private final Vertx vertx;
  private final Database db;
  private final JobEventListeners events;
  private final long periodMs;
  private long timer = -1;
  private boolean sweeping;

  LeaseSweeper(ApiStore store) {
    this.vertx = store.vertx();
    this.db = store.db();
    this.events = store.events();
    this.periodMs = store.options().leaseSweepMs();
  }

  void start() {
    timer = vertx.setPeriodic(periodMs, id -> sweep());
  }

  void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }

  private void sweep() {
    if (sweeping) return;
    sweeping = true;
    long now = System.currentTimeMillis();
    db.tx(c -> JobClaims.expireLeases(c, now)).onComplete(ar -> {
      sweeping = false;
      if (ar.failed()) {
        LOG.warn("Lease sweep failed: {}", ar.cause().getMessage());
        return;
      }
      for (JobQueries.Failure f : ar.result()) events.attemptFailed(f);
    });
  }
}
