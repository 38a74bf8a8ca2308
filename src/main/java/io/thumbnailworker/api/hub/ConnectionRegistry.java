package io.thumbnailworker.api.hub;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's client connections, by connectionToken (negotiate v1) or connectionId (v0), and what is done to all of
 * them: the timer tick, the end-of-turn flush of queued records, broadcast and shutdown. Confined to the event loop of
 * the context that created it; only the count of clients past the handshake is read from other threads.
 */
final class ConnectionRegistry {
  private final Vertx vertx;
  private final Context context;
  private final HubSettings settings;
  private final HubMethods methods;
  private final Map<String, ClientConnection> connections = new HashMap<>();
  /** Connections that queued records during this event-loop turn; {@link #flushQueued} writes them out after it. */
  private final List<ClientConnection> queued = new ArrayList<>();
  /** The groups each connection (by connectionId) was added to; they end with the connection. */
  private final Map<String, Set<String>> groups = new HashMap<>();
  private final AtomicInteger ready = new AtomicInteger();
  private final long tickTimer;
  private boolean closed;

  ConnectionRegistry(Vertx vertx, HubSettings settings, HubMethods methods) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.methods = methods;
    this.tickTimer = vertx.setPeriodic(settings.tickMs(), id -> tick());
  }

  Vertx vertx() { return vertx; }
  HubSettings settings() { return settings; }
  HubMethods methods() { return methods; }

  /** True once {@link #closeAll} ran: no new connections are accepted. */
  boolean closed() { return closed; }

  /** A new connection; {@code v1} gives it a connectionToken distinct from its connectionId. */
  ClientConnection open(boolean v1) {
    String connectionId = UUID.randomUUID().toString();
    String token = v1 ? UUID.randomUUID().toString() : connectionId;
    ClientConnection c = new ClientConnection(this, connectionId, token, System.currentTimeMillis());
    connections.put(token, c);
    return c;
  }

  /** The connection a client names with {@code ?id=}, or null. */
  ClientConnection get(String token) {
    return connections.get(token);
  }

  /** Clients past the handshake and still connected; safe from any thread. */
  int readyCount() { return ready.get(); }

  void handshakeDone() { ready.incrementAndGet(); }

  void readyClientClosed() { ready.decrementAndGet(); }

  /** Queues the same encoded record for every client past the handshake; may be called from any thread. */
  void sendToAll(Buffer record) {
    onContext(() -> {
      for (ClientConnection c : new ArrayList<>(connections.values())) if (c.ready()) c.send(record);
    });
  }

  /** Adds the open connection with {@code connectionId} to a group, or takes it out; may be called from any thread. */
  void group(String connectionId, String group, boolean member) {
    onContext(() -> {
      boolean open = connections.values().stream().anyMatch(c -> c.connectionId.equals(connectionId) && !c.closed());
      if (member && open) groups.computeIfAbsent(connectionId, k -> new HashSet<>()).add(group);
      else if (!member && groups.containsKey(connectionId)) groups.get(connectionId).remove(group);
    });
  }

  /** Queues the record for every client past the handshake in {@code group}, but the one excepted; any thread. */
  void sendToGroup(String group, String exceptConnectionId, Buffer record) {
    onContext(() -> {
      for (ClientConnection c : new ArrayList<>(connections.values())) {
        if (c.ready() && !c.connectionId.equals(exceptConnectionId)
            && groups.getOrDefault(c.connectionId, Set.of()).contains(group)) {
          c.send(record);
        }
      }
    });
  }

  /** Bytes held back for clients whose transport is backed up; on the hub's context only. */
  int backlogBytes() {
    int n = 0;
    for (ClientConnection c : connections.values()) n += c.backlogBytes();
    return n;
  }

  /** Sends every client a Close (reconnect allowed) and stops the timer. */
  Future<Void> closeAll() {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      closed = true;
      vertx.cancelTimer(tickTimer);
      for (ClientConnection c : new ArrayList<>(connections.values())) c.closeForShutdown();
      done.complete();
    });
    return done.future();
  }

  /**
   * A connection queued its first record of this turn. One task, run after the tasks already queued on the event loop
   * (e.g. the rest of a burst of broadcasts from another thread), writes every such connection's batch: one write and
   * one WebSocket frame per client per turn instead of one per record.
   */
  void flushAfterTurn(ClientConnection c) {
    if (queued.isEmpty()) context.runOnContext(v -> flushQueued());
    queued.add(c);
  }

  private void flushQueued() {
    List<ClientConnection> batch = List.copyOf(queued);
    queued.clear();
    for (ClientConnection c : batch) c.flush();
  }

  /** Forgets an ended connection; a long-polling one stays findable for a while, so its next poll gets 204, not 404. */
  void remove(ClientConnection c) {
    groups.remove(c.connectionId);
    if (c.transport() instanceof LongPollingTransport) {
      vertx.setTimer(settings.disconnectTimeoutMs(), id -> connections.remove(c.token, c));
    } else {
      connections.remove(c.token, c);
    }
  }

  private void tick() {
    long now = System.currentTimeMillis();
    for (ClientConnection c : new ArrayList<>(connections.values())) c.tick(now);
  }

  private void onContext(Runnable r) {
    if (Vertx.currentContext() == context) r.run();
    else context.runOnContext(v -> r.run());
  }
}
