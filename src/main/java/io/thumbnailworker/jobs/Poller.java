package io.thumbnailworker.jobs;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * The claim loop's clock when notifications cannot be trusted: every POLL_INTERVAL_MS while no hub connection is up,
 * every SAFETY_POLL_INTERVAL_MS while one is (so a lost notification delays a job by at most that). Both periods
 * apply live: {@link #reschedule()} after a config change. Runs on the owning verticle's context.
 */
public final class Poller {
  private final Vertx vertx;
  private final Supplier<WorkerConfig> config;
  private final Runnable tick;
  private volatile boolean hubConnected;
  private long timer = -1;
  private long period = -1;

  public Poller(Vertx vertx, Supplier<WorkerConfig> config, Runnable tick) {
    this.vertx = vertx;
    this.config = config;
    this.tick = tick;
  }

  public void hubConnected(boolean connected) {
    if (connected == hubConnected && timer >= 0) return;
    hubConnected = connected;
    reschedule();
  }

  /** (Re)arms the timer with the period for the current hub state; a no-op when the period did not change. */
  public void reschedule() {
    WorkerConfig cfg = config.get();
    long next = cfg.integer(hubConnected ? ConfigKey.SAFETY_POLL_INTERVAL_MS : ConfigKey.POLL_INTERVAL_MS);
    if (next == period && timer >= 0) return;
    stop();
    period = next;
    timer = vertx.setPeriodic(next, id -> tick.run());
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
    period = -1;
  }

  /** True while no hub connection is up anywhere in the cluster, so the clock is the only source of hints. */
  public boolean polling() { return !hubConnected; }
}
