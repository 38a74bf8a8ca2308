package io.thumbnailworker.api.hub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Collections;
import java.util.List;

/**
 * An ASP.NET Core compatible SignalR hub endpoint (negotiate v0/v1; WebSockets, Server-Sent Events and Long Polling;
 * JSON hub protocol v1). There is no Java server library for this, so this is our own, written from the protocol
 * specs (TransportProtocols.md, HubProtocol.md). Its state is confined to the event loop of the context that created
 * it; {@link #broadcast} and {@link #connectedClients} may be called from anywhere.
 *
 * <p>The parts: {@link Negotiation} opens connections, {@link HubEndpoints} serves the transports,
 * {@link ConnectionRegistry} holds the {@link ClientConnection}s, {@link HubMethods} dispatches client invocations.
 */
public final class HubServer {
  private final HubMethods methods = new HubMethods();
  private final ConnectionRegistry connections;
  private final HubEndpoints endpoints;

  public HubServer(Vertx vertx, HubSettings settings) {
    this.connections = new ConnectionRegistry(vertx, settings, methods);
    this.endpoints = new HubEndpoints(connections);
  }

  /** Registers a client-callable method taking {@code parameterCount} arguments of any type; names match case-insensitively, as in ASP.NET Core. */
  public HubServer method(String name, int parameterCount, HubMethod impl) {
    methods.add(name, Collections.nCopies(parameterCount, HubArg.ANY), impl);
    return this;
  }

  /**
   * Registers a client-callable method with typed parameters: a call with another argument count, or an argument of
   * another type, is answered with an invocation error before {@code impl} runs.
   */
  public HubServer method(String name, HubMethod impl, HubArg... parameters) {
    methods.add(name, List.of(parameters), impl);
    return this;
  }

  /** Mounts negotiate and the transports at {@code path} (e.g. /hubs/thumbnail-jobs), open to every caller. */
  public void mount(Router router, String path) {
    mount(router, path, null);
  }

  /** Mounts negotiate and the transports at {@code path}; {@code guard}, when given, runs first on each request. */
  public void mount(Router router, String path, Handler<RoutingContext> guard) {
    guarded(router.post(path + "/negotiate"), guard).handler(new Negotiation(connections));
    guarded(router.route(path).method(HttpMethod.GET), guard).handler(endpoints::get);
    guarded(router.route(path).method(HttpMethod.POST), guard).handler(endpoints::post);
    guarded(router.route(path).method(HttpMethod.DELETE), guard).handler(endpoints::delete);
  }

  private static Route guarded(Route route, Handler<RoutingContext> guard) {
    return guard == null ? route : route.handler(guard);
  }

  /** Invokes {@code target} on every connected client (fire-and-forget, no invocation id). */
  public void broadcast(String target, JsonObject argument) {
    // serialised and UTF-8 encoded once for all clients (on the caller's thread); each connection appends these bytes
    // to the batch it writes at the end of the turn
    connections.sendToAll(Buffer.buffer(HubProtocol.invocation(target, argument)));
  }

  /** Adds the connection (see {@link HubCaller#connectionId()}) to {@code group}; ends with the connection. Any thread. */
  public void addToGroup(String connectionId, String group) {
    connections.group(connectionId, group, true);
  }

  /** Takes the connection out of {@code group}. Any thread. */
  public void removeFromGroup(String connectionId, String group) {
    connections.group(connectionId, group, false);
  }

  /**
   * Invokes {@code target} on every connection in {@code group} but {@code exceptConnectionId} (null: none excepted),
   * as ASP.NET's {@code Clients.Group} / {@code OthersInGroup}. Any thread.
   */
  public void sendToGroup(String group, String exceptConnectionId, String target, JsonObject argument) {
    connections.sendToGroup(group, exceptConnectionId, Buffer.buffer(HubProtocol.invocation(target, argument)));
  }

  /** Clients that completed the handshake and are still connected. */
  public int connectedClients() {
    return connections.readyCount();
  }

  /** Bytes held back for clients whose transport is backed up (tests, diagnostics); on the hub's context only. */
  int backlogBytes() {
    return connections.backlogBytes();
  }

  /** Sends every client a Close (reconnect allowed) and stops the timers. */
  public Future<Void> close() {
    return connections.closeAll();
  }
}
