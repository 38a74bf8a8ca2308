package io.thumbnailworker.api.hub;

import io.vertx.core.buffer.Buffer;

/** The server-to-client half of one connection. */
interface Transport {
  String name();

  /** Writes or queues complete records, UTF-8: one batch, all a connection queued in one event-loop turn or more. */
  void send(Buffer records);

  /**
   * True while earlier writes are still waiting for the client; the connection then holds further records until the
   * transport's drain handler calls {@link ClientConnection#flush()}.
   */
  default boolean writeQueueFull() {
    return false;
  }

  /** Ends the transport (after anything already queued was delivered where the transport allows). */
  void close();

  /** The client sent a Close message: it will end the transport itself; by default we end it at once. */
  default void clientClosing() {
    close();
  }
}
