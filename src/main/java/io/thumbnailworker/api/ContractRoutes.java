package io.thumbnailworker.api;

import io.vertx.core.Future;

/**
 * One wire contract the reference server speaks: its routes, declared in one table, and its SignalR hub, which
 * announces job events in the contract's own shapes. Every contract mounted on the server works over the same
 * {@link ApiStore}: one database, one job queue, one file store; {@link ApiVerticle} mounts each one the server is
 * asked to speak on the same router.
 */
interface ContractRoutes {
  /** Declares every route of the contract, its hub included. */
  void declare(RouteTable table);

  /** Clients past the handshake on this contract's hub (none for routes without a hub). */
  default int hubClients() {
    return 0;
  }

  /** Closes the hub; its clients are told they may reconnect. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
