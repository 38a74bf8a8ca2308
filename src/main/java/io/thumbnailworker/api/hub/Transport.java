package io.thumbnailworker.api.hub;

/** The server-to-client half of one connection. */
interface Transport {
  String name();

  /** Queues or writes complete records. */
  void send(String records);

  /** Ends the transport (after anything already queued was delivered where the transport allows). */
  void close();

  /** The client sent a Close message: it will end the transport itself; by default we end it at once. */
  default void clientClosing() {
    close();
  }
}
