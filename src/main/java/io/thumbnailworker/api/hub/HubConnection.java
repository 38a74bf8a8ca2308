package io.thumbnailworker.api.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical SignalR connection: handshake, record framing across frames/POST bodies, dispatch of client messages,
 * keep-alive pings and the timeouts. Lives on the hub's event loop only, so it needs no locking.
 *
 * <p>Outgoing records are batched: everything sent during one event-loop turn is written at the end of the turn as one
 * write (one WebSocket frame, one SSE event, one long-poll body), in the order sent. While the client cannot keep up
 * (the transport's write queue is full) the batch grows until the transport drains; a client that falls more than
 * {@link HubSettings#maxBufferedBytes()} behind is closed with an error that allows it to reconnect.
 */
final class HubConnection {
  private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);

  final String connectionId;
  final String token;
  private final HubServer hub;
  private final long createdAt;
  private final StringBuilder inbound = new StringBuilder();
  private Transport transport;
  private String remoteAddress = "";
  private long transportSince;
  private boolean handshakeDone;
  private boolean clientTimeoutArmed;
  private boolean closed;
  private long lastReceived;
  private long lastSent;
  /** Records not yet handed to the transport: this turn's, or all since the transport's write queue filled up. */
  private Buffer outbound;

  HubConnection(HubServer hub, String connectionId, String token, long now) {
    this.hub = hub;
    this.connectionId = connectionId;
    this.token = token;
    this.createdAt = now;
  }

  Transport transport() { return transport; }
  boolean ready() { return handshakeDone && !closed; }
  boolean closed() { return closed; }

  HubConnectionInfo info() {
    return new HubConnectionInfo(connectionId, transport == null ? null : transport.name(), remoteAddress);
  }

  void attach(Transport t, String remote, long now) {
    transport = t;
    remoteAddress = remote;
    transportSince = now;
    lastReceived = now;
    lastSent = now;
    LOG.debug("Hub connection {} using {} from {}", connectionId, t.name(), remote);
  }

  void send(String records) {
    send(Buffer.buffer(records));
  }

  /** Queues complete records (the buffer is only read: a broadcast shares one with every connection). */
  void send(Buffer records) {
    if (closed || transport == null) return;
    lastSent = System.currentTimeMillis();
    if (outbound == null) {
      outbound = Buffer.buffer(Math.max(1024, records.length()));
      hub.flushAfterTurn(this);
    }
    outbound.appendBuffer(records);
    if (outbound.length() > hub.settings().maxBufferedBytes()) tooFarBehind();
  }

  /** Bytes queued and not yet handed to the transport. */
  int backlogBytes() {
    return outbound == null ? 0 : outbound.length();
  }

  /** Hands the queued records to the transport, unless it is busy with earlier ones: its drain handler calls again. */
  void flush() {
    if (outbound == null || transport == null || transport.writeQueueFull()) return;
    Buffer batch = outbound;
    outbound = null;
    transport.send(batch);
  }

  /**
   * The client reads more slowly than we send and the backlog hit the cap: rather than hold ever more memory (or drop
   * records silently), drop the backlog and close the connection with an error that allows reconnecting. The worker
   * reconnects and meanwhile polls the API, so it misses no job.
   */
  private void tooFarBehind() {
    LOG.warn("Hub client {} is more than {} bytes behind; closing it", connectionId, hub.settings().maxBufferedBytes());
    outbound = null;
    closeWithError("Connection closed with an error. The client fell more than " + hub.settings().maxBufferedBytes()
        + " bytes behind.", true);
  }

  /** Text from a frame or a POST body; may hold several records or part of one. */
  void receive(String text) {
    if (closed) return;
    lastReceived = System.currentTimeMillis();
    inbound.append(text);
    int rs;
    while (!closed && (rs = inbound.indexOf(String.valueOf(HubProtocol.RS))) >= 0) {
      String record = inbound.substring(0, rs);
      inbound.delete(0, rs + 1);
      if (!handshakeDone) handshake(record);
      else message(record);
    }
    if (!closed && inbound.length() > hub.settings().maxMessageBytes()) {
      closeWithError("Connection closed with an error. InvalidDataException: The maximum message size of "
          + hub.settings().maxMessageBytes() + "B was exceeded.", false);
    }
  }

  private void handshake(String record) {
    JsonObject request;
    try {
      request = new JsonObject(record);
    } catch (DecodeException | ClassCastException e) {
      failHandshake("Handshake request is not valid JSON.");
      return;
    }
    String protocol = request.getValue("protocol") instanceof String s ? s : null;
    Object version = request.getValue("version");
    if (protocol == null || !(version instanceof Number)) {
      failHandshake("Handshake request is missing 'protocol' or 'version'.");
    } else if (!protocol.equals("json")) {
      failHandshake("The protocol '" + protocol + "' is not supported.");
    } else if (((Number) version).intValue() != 1) {
      failHandshake("The server does not support version " + version + " of the 'json' protocol.");
    } else {
      handshakeDone = true;
      hub.ready.incrementAndGet();
      send(HubProtocol.HANDSHAKE_OK);
      LOG.info("Hub client {} connected over {} from {}", connectionId, transport.name(), remoteAddress);
    }
  }

  private void failHandshake(String error) {
    LOG.info("Hub client {} handshake refused: {}", connectionId, error);
    send(HubProtocol.handshakeError(error));
    shutdown();
  }

  private void message(String record) {
    JsonObject msg;
    try {
      msg = new JsonObject(record);
    } catch (DecodeException | ClassCastException e) {
      closeWithError("Connection closed with an error. InvalidDataException: Error reading JSON.", false);
      return;
    }
    Object type = msg.getValue("type");
    if (!(type instanceof Number)) {
      closeWithError("Connection closed with an error. InvalidDataException: Missing required property 'type'.", false);
      return;
    }
    switch (((Number) type).intValue()) {
      case HubProtocol.INVOCATION -> invocation(msg, false);
      case HubProtocol.STREAM_INVOCATION -> invocation(msg, true);
      case HubProtocol.PING -> clientTimeoutArmed = true;    // as ASP.NET: the client timeout starts with the first ping
      case HubProtocol.CLOSE -> {
        LOG.info("Hub client {} closed the connection{}", connectionId,
            msg.getValue("error") == null ? "" : ": " + msg.getValue("error"));
        markClosed();
        outbound = null;                                   // the client is going: nothing more to send it
        transport.clientClosing();
        hub.remove(this);
        LOG.info("Hub client {} disconnected", connectionId);
      }
      default -> { }   // StreamItem, Completion, CancelInvocation, Ack, Sequence, future types: nothing to do here
    }
  }

  private void invocation(JsonObject msg, boolean streaming) {
    String invocationId = msg.getValue("invocationId") instanceof String s ? s : null;
    String target = msg.getValue("target") instanceof String s ? s : null;
    Object rawArgs = msg.getValue("arguments");
    if (target == null || !(rawArgs instanceof JsonArray args)) {
      closeWithError("Connection closed with an error. InvalidDataException: Invocation needs 'target' and 'arguments'.", false);
      return;
    }
    HubServer.Method method = hub.method(target);
    if (method == null) {
      if (invocationId != null) send(HubProtocol.completionError(invocationId, "Unknown hub method '" + target + "'"));
      return;
    }
    if (streaming) {
      send(HubProtocol.completionError(invocationId, "The client attempted to invoke the non-streaming '" + method.name()
          + "' method with a streaming invocation."));
      return;
    }
    if (args.size() != method.parameterCount()) {
      if (invocationId != null) {
        send(HubProtocol.completionError(invocationId, "Failed to invoke '" + method.name() + "' due to an error on the server. "
            + "InvalidDataException: Invocation provides " + args.size() + " argument(s) but target expects "
            + method.parameterCount() + "."));
      }
      return;
    }
    method.impl().invoke(args, info()).onComplete(ar -> {
      if (invocationId == null || closed) return;   // fire-and-forget: the callee must not answer
      if (ar.succeeded()) send(HubProtocol.completion(invocationId, ar.result()));
      else send(HubProtocol.completionError(invocationId, ar.cause().getMessage() == null
          ? "An unexpected error occurred invoking '" + method.name() + "' on the server." : ar.cause().getMessage()));
    });
  }

  /** Timer tick: keep-alive ping, client timeout, handshake timeout, abandoned negotiations. */
  void tick(long now) {
    if (closed) return;
    HubSettings s = hub.settings();
    if (transport == null) {
      if (now - createdAt > s.handshakeTimeoutMs() + s.disconnectTimeoutMs()) {
        LOG.debug("Hub connection {} negotiated but never connected; dropped", connectionId);
        shutdown();
      }
      return;
    }
    if (!handshakeDone) {
      if (now - transportSince > s.handshakeTimeoutMs()) {
        LOG.info("Hub client {} sent no handshake within {} ms; closing", connectionId, s.handshakeTimeoutMs());
        shutdown();
      }
      return;
    }
    if (clientTimeoutArmed && now - lastReceived > s.clientTimeoutMs()) {
      LOG.info("Hub client {} sent nothing for {} ms; closing", connectionId, now - lastReceived);
      closeWithError("Connection closed with an error. Client timeout (" + s.clientTimeoutMs()
          + "ms) elapsed without receiving a message from the client.", true);
      return;
    }
    if (transport instanceof LongPollingTransport lp && lp.idleSince(now) > s.disconnectTimeoutMs()) {
      LOG.info("Hub client {} stopped polling {} ms ago; closing", connectionId, lp.idleSince(now));
      shutdown();
      return;
    }
    if (now - lastSent >= s.keepAliveMs()) send(HubProtocol.PING_RECORD);
  }

  /** Sends a Close message with an error, then ends the connection. */
  void closeWithError(String error, boolean allowReconnect) {
    if (closed) return;
    send(HubProtocol.close(error, allowReconnect));
    shutdown();
  }

  /** Server shutdown: a Close telling clients they may reconnect. */
  void closeForShutdown() {
    closeWithError("Server is shutting down.", true);
  }

  private void markClosed() {
    closed = true;
    if (handshakeDone) hub.ready.decrementAndGet();
  }

  /** Ends the connection and its transport; idempotent. */
  void shutdown() {
    if (closed) return;
    markClosed();
    if (transport != null) {
      // what is queued (often the Close message) goes out before the transport ends, back-pressure or not: it is capped
      if (outbound != null) transport.send(outbound);
      outbound = null;
      transport.close();
    }
    hub.remove(this);
    if (handshakeDone) LOG.info("Hub client {} disconnected", connectionId);
  }

  /** The transport went away underneath us (socket closed, client gone). */
  void transportClosed() {
    if (closed) return;
    markClosed();
    outbound = null;
    hub.remove(this);
    LOG.info("Hub client {} disconnected ({} closed)", connectionId, transport == null ? "transport" : transport.name());
  }
}
