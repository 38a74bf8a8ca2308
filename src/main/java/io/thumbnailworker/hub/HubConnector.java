package io.thumbnailworker.hub;

import com.google.gson.JsonObject;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.backend.NoBackendException;
import io.thumbnailworker.backend.HubEvent;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubState;
import io.thumbnailworker.bus.JobHint;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.Errors;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Keeps one SignalR connection to the hub of the backend the {@link BackendSelector} names, forever: connect (with
 * the backend's on-connect invocations), and after a failure or a loss wait 0 s, 2 s, 10 s, then 30 s (jittered) and
 * connect again with a fresh client, asking the selector again each time (so a changed or re-probed profile is
 * picked up) and telling it whether the hub answered. Publishes {@code thumbnail.hub.state} on every change and an
 * "available" {@code {}} hint on every (re)connect, so jobs enqueued while disconnected are drained; hub events go on
 * the bus as the {@link Backend} reads them. Client callbacks
 * arrive on SignalR/OkHttp threads and hop onto the owning context before touching any state; blocking client calls
 * (start, close) run on worker threads. Never gives up and never throws: a worker with no API keeps serving /status.
 */
public final class HubConnector {
  private static final Logger LOG = LoggerFactory.getLogger(HubConnector.class);

  private final Vertx vertx;
  private final Context context;
  private final Supplier<WorkerConfig> config;
  private final BackendSelector selector;
  private SignalRConnection current;
  private Backend currentBackend;
  private int attempt;
  private long generation;
  private long retryTimer = -1;
  private boolean stopped;
  private volatile HubState state = HubState.disconnected();

  public HubConnector(Vertx vertx, Context context, Supplier<WorkerConfig> config, BackendSelector selector) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.selector = selector;
  }

  /** Begins connecting; returns at once. */
  public void start() {
    publishState(false, null);
    connect(++generation);
  }

  /** Drops the connection (if any) and connects again at once, e.g. after the URL, key or transport changed. */
  public Future<Void> reconnect() {
    long gen = ++generation;
    attempt = 0;
    return closeCurrent().onComplete(v -> connect(gen));
  }

  public Future<Void> stop() {
    stopped = true;
    generation++;
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    return closeCurrent();
  }

  public HubState state() { return state; }

  /** Tells the hub that {@code workerId} claimed the job, on the live connection; fails when there is none. */
  public Future<Void> acknowledge(long jobId, String workerId) {
    SignalRConnection c = current;
    if (c == null || !c.connected()) return Future.failedFuture("no hub connection");
    Promise<Void> p = Promise.promise();
    c.invoke(currentBackend.acknowledge(jobId, workerId), err -> context.runOnContext(v -> {
      if (err == null) p.tryComplete();
      else p.tryFail(err);
    }));
    return p.future();
  }

  private void connect(long gen) {
    if (stopped || gen != generation) return;
    selector.current().onComplete(ar -> {
      if (stopped || gen != generation) return;
      if (ar.succeeded()) open(gen, ar.result());
      else retryLater(gen, config.get().apiBaseUrl(), ar.cause());
    });
  }

  /** One connection attempt to {@code backend}'s hub, with its on-connect invocations. */
  private void open(long gen, Backend backend) {
    WorkerConfig cfg = config.get();
    String url = cfg.apiBaseUrl() + backend.hubPath();
    long timeout = Math.min(cfg.integer(ConfigKey.HTTP_TIMEOUT_MS), 30_000);
    vertx.executeBlocking(() -> {
      SignalRConnection c = new SignalRConnection(url, backend.hubEvents(), cfg.string(ConfigKey.SIGNALR_TRANSPORT),
          cfg.apiKey(), cfg.flag(ConfigKey.TLS_REJECT_UNAUTHORIZED), 15_000, listener(backend));
      try {
        c.start(timeout, backend.onConnect(cfg.workerId()));
        return c;
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
    }, false).onComplete(ar -> {
      if (ar.succeeded() && (stopped || gen != generation)) {
        vertx.executeBlocking(() -> { ar.result().close(); return null; }, false);   // superseded while starting
        return;
      }
      if (ar.failed() || !ar.result().connected()) {    // closed while starting: its close callback found no current
        if (ar.succeeded()) vertx.executeBlocking(() -> { ar.result().close(); return null; }, false);
        if (stopped || gen != generation) return;
        selector.unreachable();
        retryLater(gen, url, ar.failed() ? ar.cause() : new IllegalStateException("the connection closed as it started"));
        return;
      }
      current = ar.result();
      currentBackend = backend;
      attempt = 0;
      selector.reachable();
      LOG.info("SignalR connected to {} ({} contract, transport {}, connection {})", url, backend.profile(),
          cfg.string(ConfigKey.SIGNALR_TRANSPORT), current.connectionId());
      publishState(true, current.connectionId());
      vertx.eventBus().publish(Addresses.JOBS_AVAILABLE, JobHint.any().toJson());
    });
  }

  /** The next attempt after the backoff; the selector has already logged a failed probe, so that one is quiet here. */
  private void retryLater(long gen, String url, Throwable cause) {
    long delay = ReconnectBackoff.delayMs(attempt + 1);
    if (cause instanceof NoBackendException) {
      LOG.debug("No hub to connect to yet (attempt {}); next attempt in {} ms", attempt + 1, delay);
    } else {
      LOG.warn("SignalR connection to {} failed (attempt {}): {}; next attempt in {} ms",
          url, attempt + 1, Errors.oneLine(rootCause(cause)), delay);
    }
    attempt++;
    retryTimer = vertx.setTimer(Math.max(1, delay), id -> connect(gen));
  }

  /** Callbacks of one connection, which read its events as the backend it was opened for. */
  private SignalRConnection.Listener listener(Backend backend) {
    return new SignalRConnection.Listener() {
      @Override
      public void event(String event, JsonObject payload) {
        var body = payload == null ? new io.vertx.core.json.JsonObject() : new io.vertx.core.json.JsonObject(payload.toString());
        context.runOnContext(v -> {
          LOG.debug("{} {}", event, body.encode());
          backend.readHubEvent(event, body).ifPresent(HubConnector.this::publish);
        });
      }

      @Override
      public void closed(SignalRConnection connection, Exception error) {
        HubConnector.this.closed(connection, error);
      }
    };
  }

  private void publish(HubEvent event) {
    if (event instanceof HubEvent.JobAvailable available) {
      vertx.eventBus().publish(Addresses.JOBS_AVAILABLE, available.hint().toJson());
    } else if (event instanceof HubEvent.StatusChanged changed) {
      vertx.eventBus().publish(Addresses.JOBS_STATUS, changed.change().toJson());
    }
  }

  private void closed(SignalRConnection connection, Exception error) {
    context.runOnContext(v -> {
      if (connection != current) return;           // an old or superseded connection
      current = null;
      if (stopped) return;
      selector.unreachable();
      publishState(false, null);
      long delay = ReconnectBackoff.delayMs(0);
      LOG.warn("SignalR connection lost ({}); reconnecting in {} ms", error == null ? "closed" : Errors.oneLine(error), delay);
      vertx.executeBlocking(() -> { connection.close(); return null; }, false);
      long gen = generation;
      retryTimer = vertx.setTimer(Math.max(1, delay), id -> connect(gen));
    });
  }

  /** Closes the live connection, with its backend's farewell invocations while it is still up. */
  private Future<Void> closeCurrent() {
    SignalRConnection c = current;
    Backend backend = currentBackend;
    current = null;
    if (state.connected()) publishState(false, null);
    if (c == null) return Future.succeededFuture();
    WorkerConfig cfg = config.get();
    long timeout = Math.min(cfg.integer(ConfigKey.HTTP_TIMEOUT_MS), 5_000);
    return vertx.executeBlocking(() -> {
      c.close(backend.onDisconnect(cfg.workerId()), timeout);
      return null;
    }, false).<Void>mapEmpty().otherwiseEmpty();
  }

  private void publishState(boolean connected, String connectionId) {
    state = new HubState(connected, config.get().string(ConfigKey.SIGNALR_TRANSPORT), connectionId, Instant.now().toString());
    vertx.eventBus().publish(Addresses.HUB_STATE, state.toJson());
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null || c instanceof RuntimeException
        && c.getClass() == RuntimeException.class)) c = c.getCause();
    return c;
  }
}
