package io.thumbnailworker.hub;

import io.thumbnailworker.backend.SpecContract;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One connection attempt of the official SignalR Java client to {@code {API_BASE_URL}/hubs/thumbnail-jobs}. The
 * client has no automatic reconnect and reusing an instance after a loss leaks threads, so every attempt builds a
 * fresh connection and the old one is {@link #close()}d. All methods here block or call back on the client's own
 * threads: the hub verticle calls them from worker threads and hops back onto its context in the callbacks.
 */
final class SignalRConnection implements AutoCloseable {

  /** Callbacks, invoked on SignalR/OkHttp threads. */
  interface Listener {
    void jobEnqueued(JsonObject payload);
    void jobStatusChanged(JsonObject payload);
    void closed(SignalRConnection connection, Exception error);
  }

  private final HubConnection hub;

  SignalRConnection(String apiBaseUrl, String transport, String apiKey, boolean verifyTls, long handshakeTimeoutMs,
                    Listener listener) {
    HttpHubConnectionBuilder builder = HubConnectionBuilder.create(apiBaseUrl + SpecContract.HUB_PATH)
        .withTransport(switch (transport) {
          case "WebSockets" -> TransportEnum.WEBSOCKETS;
          case "LongPolling" -> TransportEnum.LONG_POLLING;
          default -> TransportEnum.ALL;
        })
        .withHandshakeResponseTimeout(handshakeTimeoutMs)
        .withServerTimeout(30_000)
        .withKeepAliveInterval(15_000);
    if (!apiKey.isEmpty()) {
      builder.withAccessTokenProvider(Single.defer(() -> Single.just(apiKey))).withHeader("X-Api-Key", apiKey);
    }
    if (!verifyTls && apiBaseUrl.startsWith("https:")) builder.setHttpClientBuilderCallback(SignalRConnection::trustAll);
    hub = builder.build();
    hub.on("JobEnqueued", listener::jobEnqueued, JsonObject.class);
    hub.on("JobStatusChanged", listener::jobStatusChanged, JsonObject.class);
    hub.onClosed(err -> listener.closed(this, err));
  }

  /** Negotiates and handshakes; blocks up to {@code timeoutMs}. @throws RuntimeException with the client's reason */
  void start(long timeoutMs) {
    boolean done = hub.start().blockingAwait(timeoutMs, TimeUnit.MILLISECONDS);
    if (!done) throw new IllegalStateException("no handshake within " + timeoutMs + " ms");
    if (hub.getConnectionState() != HubConnectionState.CONNECTED) throw new IllegalStateException("connection closed during start");
  }

  String connectionId() { return hub.getConnectionId(); }

  boolean connected() { return hub.getConnectionState() == HubConnectionState.CONNECTED; }

  /** Invokes {@code AcknowledgeJob}; the callback gets null on success or the error. Non-blocking. */
  void acknowledge(long jobId, String workerId, Consumer<Throwable> done) {
    hub.invoke("AcknowledgeJob", HubEvents.acknowledge(jobId, workerId))
        .subscribe(() -> done.accept(null), done::accept);
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
