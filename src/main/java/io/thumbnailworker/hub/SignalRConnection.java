package io.thumbnailworker.hub;

import io.thumbnailworker.backend.HubCall;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.signalr.HttpHubConnectionBuilder;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One connection attempt of the official SignalR Java client to a backend's hub. It knows the transport, not the
 * contract: the hub URL, the events to listen to and the invocations come from the caller. The
 * client has no automatic reconnect and reusing an instance after a loss leaks threads, so every attempt builds a
 * fresh connection and the old one is {@link #close()}d. All methods here block or call back on the client's own
 * threads: the hub verticle calls them from worker threads and hops back onto its context in the callbacks.
 */
final class SignalRConnection implements AutoCloseable {

  /** Callbacks, invoked on SignalR/OkHttp threads. */
  interface Listener {
    /** Hub event {@code event} with its single argument (null when it is not a JSON object). */
    void event(String event, JsonObject payload);
    void closed(SignalRConnection connection, Exception error);
  }

  /** Silence from the hub after which the connection counts as dead. */
  static final long SERVER_TIMEOUT_MS = 30_000;
  /** WebSocket ping period: a dead link is noticed within two of these, inside {@link #SERVER_TIMEOUT_MS}. */
  static final long WEBSOCKET_PING_MS = 10_000;

  private final HubConnection hub;

  SignalRConnection(String hubUrl, List<String> events, String transport, String apiKey, boolean verifyTls,
                    long handshakeTimeoutMs, Listener listener) {
    HttpHubConnectionBuilder builder = HubConnectionBuilder.create(hubUrl)
        .withTransport(switch (transport) {
          case "WebSockets" -> TransportEnum.WEBSOCKETS;
          case "LongPolling" -> TransportEnum.LONG_POLLING;
          default -> TransportEnum.ALL;
        })
        .withHandshakeResponseTimeout(handshakeTimeoutMs)
        .withServerTimeout(SERVER_TIMEOUT_MS)
        .withKeepAliveInterval(15_000);
    if (!apiKey.isEmpty()) {
      builder.withAccessTokenProvider(Single.defer(() -> Single.just(apiKey))).withHeader("X-Api-Key", apiKey);
    }
    boolean trustAll = !verifyTls && hubUrl.startsWith("https:");
    builder.setHttpClientBuilderCallback(http -> {
      // the client's own server timeout closes a dead WebSocket politely and waits up to 60 s for the close
      // handshake, reporting it connected meanwhile; an unanswered WebSocket ping fails it at once instead
      http.pingInterval(WEBSOCKET_PING_MS, TimeUnit.MILLISECONDS);
      if (trustAll) trustAll(http);
    });
    hub = builder.build();
    // any JSON binds, so an event whose argument is not an object reaches the listener instead of a binding error
    for (String event : events) {
      hub.on(event, payload -> listener.event(event, payload != null && payload.isJsonObject() ? payload.getAsJsonObject() : null),
          JsonElement.class);
    }
    hub.onClosed(err -> listener.closed(this, err));
  }

  /**
   * Negotiates, handshakes, then makes the {@code onConnect} invocations; blocks up to {@code timeoutMs} for each.
   * @throws RuntimeException with the client's reason
   */
  void start(long timeoutMs, List<HubCall> onConnect) {
    boolean done = hub.start().blockingAwait(timeoutMs, TimeUnit.MILLISECONDS);
    if (!done) throw new IllegalStateException("no handshake within " + timeoutMs + " ms");
    if (hub.getConnectionState() != HubConnectionState.CONNECTED) throw new IllegalStateException("connection closed during start");
    for (HubCall call : onConnect) {
      if (!hub.invoke(call.method(), call.arguments().toArray()).blockingAwait(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(call.method() + " not answered within " + timeoutMs + " ms");
      }
    }
  }

  String connectionId() { return hub.getConnectionId(); }

  boolean connected() { return hub.getConnectionState() == HubConnectionState.CONNECTED; }

  /** Invokes {@code call}; the callback gets null on success or the error. Non-blocking. */
  void invoke(HubCall call, Consumer<Throwable> done) {
    hub.invoke(call.method(), call.arguments().toArray()).subscribe(() -> done.accept(null), done::accept);
  }

  /** Makes the {@code farewell} invocations (best effort, up to {@code timeoutMs} each) while connected, then closes. */
  void close(List<HubCall> farewell, long timeoutMs) {
    for (HubCall call : farewell) {
      if (!connected()) break;
      try {
        hub.invoke(call.method(), call.arguments().toArray()).blockingAwait(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (RuntimeException ignored) {
        // the server may already be gone; closing is what matters
      }
    }
    close();
  }

  /** Stops the connection and frees the OkHttp threads it created. Blocks. */
  @Override
  public void close() {
    try {
      hub.close();
    } catch (RuntimeException ignored) {
      // already closed or never started: nothing left to free
    }
  }

  private static void trustAll(okhttp3.OkHttpClient.Builder b) {
    try {
      X509TrustManager tm = new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
      };
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {tm}, null);
      b.sslSocketFactory(ssl.getSocketFactory(), tm).hostnameVerifier((h, s) -> true);
    } catch (Exception e) {
      throw new IllegalStateException("cannot disable TLS verification: " + e.getMessage(), e);
    }
  }
}
