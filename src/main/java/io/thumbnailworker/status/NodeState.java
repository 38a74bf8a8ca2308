package io.thumbnailworker.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What this node is doing right now, written by the verticles that know (hub, jobs, render) and read by the status
 * endpoint. One instance per node, handed to verticles through their constructors.
 */
public final class NodeState {
  public final Instant startedAt = Instant.now();
  public final AtomicBoolean shuttingDown = new AtomicBoolean();
  public final AtomicBoolean ready = new AtomicBoolean();
  public final AtomicInteger activeJobs = new AtomicInteger();
  public final AtomicLong completed = new AtomicLong();
  public final AtomicLong failed = new AtomicLong();
  public final AtomicBoolean polling = new AtomicBoolean();

  /** Latest {@code thumbnail.hub.state} seen by this node for its own hub connection. */
  private volatile JsonObject hubState = new JsonObject().put("connected", false);
  private volatile JsonObject render = new JsonObject().put("glVendor", null).put("glRenderer", null).put("threads", 0);
  private volatile BooleanSupplier renderHealthy = () -> true;
  private volatile Supplier<JsonObject> cluster = () -> new JsonObject().put("enabled", false).put("members", new JsonArray());

  public JsonObject hubState() { return hubState; }
  public void hubState(JsonObject state) { this.hubState = state.copy(); }
  public boolean signalrConnected() { return hubState.getBoolean("connected", false); }

  public JsonObject render() { return render; }
  public void render(String glVendor, String glRenderer, int threads) {
    this.render = new JsonObject().put("glVendor", glVendor).put("glRenderer", glRenderer).put("threads", threads);
  }
  public boolean renderHealthy() { return renderHealthy.getAsBoolean(); }
  public void renderHealthCheck(BooleanSupplier check) { this.renderHealthy = check; }

  public JsonObject cluster() { return cluster.get(); }
  public void clusterView(Supplier<JsonObject> view) { this.cluster = view; }
}
