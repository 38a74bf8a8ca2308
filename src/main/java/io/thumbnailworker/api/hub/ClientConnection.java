package io.thumbnailworker.api.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's logical SignalR connection to this server: handshake, record framing across frames/POST bodies, the
 * client's messages, keep-alive pings and the timeouts. Lives on the hub's event loop only, so it needs no locking.
 *
 * <p>Outgoing records are batched: everything sent during one event-loop turn is written at the end of the turn as one
 * write (one WebSocket frame, one SSE event, one long-poll body), in the order sent. While the client cannot keep up
 * (the transport's write queue is full) the batch grows until the transport drains; a client that falls more than
 * {@link HubSettings#maxBufferedBytes()} behind is closed with an error that allows it to reconnect.
 */
final class ClientConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

  final String connectionId;
  final String token;
  private final ConnectionRegistry registry;
  private final HubSettings settings;
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
  /** A client-to-server POST (SSE, long polling) is being read; a second one at the same time is refused. */
  boolean postInFlight;

  ClientConnection(ConnectionRegistry registry, String connectionId, String token, long now) {
    this.registry = registry;
    this.settings = registry.settings();
    this.connectionId = connectionId;
    this.token = token;
    this.createdAt = now;
  }

  Transport transport() { return transport; }
  boolean ready() { return handshakeDone && !closed; }
  boolean closed() { return closed; }

  HubCaller caller() {
    return new HubCaller(connectionId, transport == null ? null : transport.name(), remoteAddress);
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
      registry.flushAfterTurn(this);
    }
    outbound.appendBuffer(records);
    if (outbound.length() > settings.maxBufferedBytes()) tooFarBehind();
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
    LOG.warn("Hub client {} is more than {} bytes behind; closing it", connectionId, settings.maxBufferedBytes());
    outbound = null;
    closeWithError("Connection closed with an error. The client fell more than " + settings.maxBufferedBytes()
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
    if (!closed && inbound.length() > settings.maxMessageBytes()) {
      closeWithError("Connection closed with an error. InvalidDataException: The maximum message size of "
          + settings.maxMessageBytes() + "B was exceeded.", false);
    }
  }

  private void handshake(String record) {
    String problem = HubProtocol.handshakeProblem(record);
    if (problem != null) {
      LOG.info("Hub client {} handshake refused: {}", connectionId, problem);
      send(HubProtocol.handshakeError(problem));
      shutdown();
      return;
    }
    handshakeDone = true;
    registry.handshakeDone();
    send(HubProtocol.HANDSHAKE_OK);
    LOG.info("Hub client {} connected over {} from {}", connectionId, transport.name(), remoteAddress);
  }

  private void message(String record) {
    JsonObject msg;
    try {
      msg = new JsonObject(record);
    } catch (DecodeException | ClassCastException e) {
      closeWithError("Connection closed with an error. InvalidDataException: Error reading JSON.", false);
      return;
    }
    if (!(msg.getValue("type") instanceof Number type)) {
      closeWithError("Connection closed with an error. InvalidDataException: Missing required property 'type'.", false);
      return;
    }
    switch (type.intValue()) {
      case HubProtocol.INVOCATION -> registry.methods().dispatch(this, msg, false);
      case HubProtocol.STREAM_INVOCATION -> registry.methods().dispatch(this, msg, true);
      case HubProtocol.PING -> clientTimeoutArmed = true;    // as ASP.NET: the client timeout starts with the first ping
      case HubProtocol.CLOSE -> clientClosed(msg.getValue("error"));
      default -> { }   // StreamItem, Completion, CancelInvocation, Ack, Sequence, future types: nothing to do here
    }
  }

  private void clientClosed(Object error) {
    LOG.info("Hub client {} closed the connection{}", connectionId, error == null ? "" : ": " + error);
    markClosed();
    outbound = null;                                       // the client is going: nothing more to send it
    transport.clientClosing();
    registry.remove(this);
    LOG.info("Hub client {} disconnected", connectionId);
  }

  /** Timer tick: keep-alive ping, client timeout, handshake timeout, abandoned negotiations. */
  void tick(long now) {
    if (closed) return;
    if (transport == null) {
      if (now - createdAt > settings.handshakeTimeoutMs() + settings.disconnectTimeoutMs()) {
        LOG.debug("Hub connection {} negotiated but never connected; dropped", connectionId);
        shutdown();
      }
      return;
    }
    if (!handshakeDone) {
      if (now - transportSince > settings.handshakeTimeoutMs()) {
        LOG.info("Hub client {} sent no handshake within {} ms; closing", connectionId, settings.handshakeTimeoutMs());
        shutdown();
      }
      return;
    }
    if (clientTimeoutArmed && now - lastReceived > settings.clientTimeoutMs()) {
      LOG.info("Hub client {} sent nothing for {} ms; closing", connectionId, now - lastReceived);
      closeWithError("Connection closed with an error. Client timeout (" + settings.clientTimeoutMs()
          + "ms) elapsed without receiving a message from the client.", true);
      return;
    }
    if (transport instanceof LongPollingTransport lp && lp.idleSince(now) > settings.disconnectTimeoutMs()) {
      LOG.info("Hub client {} stopped polling {} ms ago; closing", connectionId, lp.idleSince(now));
      shutdown();
      return;
    }
    if (now - lastSent >= settings.keepAliveMs()) send(HubProtocol.PING_RECORD);
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
    if (handshakeDone) registry.readyClientClosed();
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
    registry.remove(this);
    if (handshakeDone) LOG.info("Hub client {} disconnected", connectionId);
  }

  /** The transport went away underneath us (socket closed, client gone). */
  void transportClosed() {
    if (closed) return;
    markClosed();
    outbound = null;
    registry.remove(this);
    LOG.info("Hub client {} disconnected ({} closed)", connectionId, transport == null ? "transport" : transport.name());
  }
}
