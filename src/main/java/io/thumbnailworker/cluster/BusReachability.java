package io.thumbnailworker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Proves that the other members can reach this node's event bus at the address it advertises (EVENTBUS_PUBLIC_HOST,
 * else EVENTBUS_HOST or CLUSTER_HOST, and the bus port). Hazelcast membership says nothing about that: a node whose
 * advertised address is wrong joins, shows up as a member, and never receives a hint.
 *
 * <p>Every node answers requests on {@code thumbnail.cluster.probe.<workerId>} and, every period, sends one to each
 * other member. A clustered bus only ever receives over connections the sender dialled to the advertised address (a
 * reply included: it travels on a new connection from the replier), so any probe or reply arriving here proves the
 * address works. With peers present and nothing arriving for {@code 4 × period}, the bus counts as unreachable: an
 * error naming the address is logged and {@link #ready()} turns false until a message gets through again.
 */
public final class BusReachability {
  private static final Logger LOG = LoggerFactory.getLogger(BusReachability.class);
  static final String ADDRESS_PREFIX = "thumbnail.cluster.probe.";

  private final Vertx vertx;
  private final String workerId;
  private final String advertised;
  private final long periodMs;
  private final Supplier<List<String>> peers;
  private MessageConsumer<String> consumer;
  private long timer = -1;
  private volatile long lastInbound;
  private volatile long waitingSince;
  private volatile boolean alone = true;
  /** null until proven either way. */
  private volatile Boolean reachable;

  /**
   * @param advertised the host:port other members dial for this node's bus
   * @param peers      the workerIds of the other members, as last seen
   */
  public BusReachability(Vertx vertx, String workerId, String advertised, long periodMs, Supplier<List<String>> peers) {
    this.vertx = vertx;
    this.workerId = workerId;
    this.advertised = advertised;
    this.periodMs = periodMs;
    this.peers = peers;
  }

  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(ADDRESS_PREFIX + workerId, msg -> {
      arrived();
      msg.reply(workerId);
    });
    return consumer.completion().onSuccess(v -> {
      probe();   // now, so a node with peers is not ready before its first proof
      timer = vertx.setPeriodic(periodMs, id -> probe());
    });
  }

  private void probe() {
    List<String> others = peers.get().stream().filter(id -> !id.equals(workerId)).toList();
    if (alone != others.isEmpty()) {
      alone = others.isEmpty();
      waitingSince = System.nanoTime();
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(periodMs);
    for (String peer : others) {
      vertx.eventBus().<String>request(ADDRESS_PREFIX + peer, workerId, options)
          .onSuccess(reply -> arrived())
          .onFailure(e -> LOG.debug("Event-bus probe of {} unanswered: {}", peer, e.getMessage()));
    }
    evaluate(others);
  }

  private void arrived() {
    lastInbound = System.nanoTime();
  }

  private void evaluate(List<String> others) {
    long window = TimeUnit.MILLISECONDS.toNanos(4 * periodMs);
    long now = System.nanoTime();
    if (alone || lastInbound != 0 && now - lastInbound <= window) {
      change(true, others);
    } else if (now - Math.max(waitingSince, lastInbound) > window) {
      change(false, others);
    }
  }

  private void change(boolean now, List<String> others) {
    if (Boolean.valueOf(now).equals(reachable)) return;
    Boolean before = reachable;
    reachable = now;
    if (!now) {
      LOG.error("This node's event bus at {} is not reachable from the other members {}: none of them got a message"
          + " through in {} ms, so they cannot send it job hints. Check EVENTBUS_PUBLIC_HOST, EVENTBUS_HOST,"
          + " EVENTBUS_PORT and the firewall; /ready answers 503 until a message gets through", advertised, others,
          4 * periodMs);
    } else if (before != null && !alone) {
      LOG.info("This node's event bus at {} is reachable from the other members again", advertised);
    }
  }

  /** True when alone or when a member reached this node's bus lately; false while unproven or unreachable. */
  public boolean ready() {
    return alone || Boolean.TRUE.equals(reachable);
  }

  /** Why {@link #ready()} is false, or null. */
  public String problem() {
    if (ready()) return null;
    return reachable == null ? "event bus at " + advertised + " not yet reached by another member"
        : "event bus at " + advertised + " not reachable from the other members";
  }

  /** {address, reachable}; reachable is null until proven either way. */
  public JsonObject toJson() {
    return new JsonObject().put("address", advertised).put("reachable", alone ? Boolean.TRUE : reachable);
  }

  public Future<Void> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
