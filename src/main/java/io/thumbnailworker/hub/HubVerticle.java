package io.thumbnailworker.hub;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.bus.HubAck;
import io.thumbnailworker.bus.HubState;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.Errors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The node's SignalR side (design §3): holds the connection to the backend's hub through {@link HubConnector}, which
 * turns hub events into event-bus hints and status changes, and acknowledges claims for {@code thumbnail.hub.ack}
 * messages with the backend's acknowledgement invocation. A URL, API_PROFILE, key, transport or TLS change
 * reconnects.
 */
public final class HubVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);
  private static final List<ConfigKey> RECONNECT_ON = List.of(ConfigKey.API_BASE_URL, ConfigKey.API_PROFILE,
      ConfigKey.WORKER_API_KEY, ConfigKey.SIGNALR_TRANSPORT, ConfigKey.TLS_REJECT_UNAUTHORIZED);

  private final ConfigService config;
  private final BackendSelector backends;
  private volatile HubConnector connector;

  public HubVerticle(ConfigService config, BackendSelector backends) {
    this.config = config;
    this.backends = backends;
  }

  @Override
  public Future<?> start() {
    connector = new HubConnector(vertx, context, config::current, backends);
    var acks = vertx.eventBus().<JsonObject>consumer(Addresses.HUB_ACK, msg -> {
      HubAck ack = HubAck.fromJson(msg.body(), config.current().workerId());
      long jobId = ack.jobId();
      connector.acknowledge(jobId, ack.workerId())
          .onSuccess(v -> LOG.debug("Acknowledged job {}", jobId))
          .onFailure(err -> LOG.debug("Acknowledgement of job {} not sent: {}", jobId, Errors.oneLine(err)));
    });
    var reload = vertx.eventBus().<JsonObject>localConsumer(Addresses.CONFIG_CHANGED, msg -> {
      JsonArray changed = msg.body().getJsonArray("changed", new JsonArray());
      if (RECONNECT_ON.stream().anyMatch(k -> changed.contains(k.name()))) {
        LOG.info("Hub settings changed; reconnecting");
        connector.reconnect();
      }
    });
    return Future.all(acks.completion(), reload.completion()).onSuccess(v -> connector.start());
  }

  /** This node's hub connection; disconnected before start and after stop. */
  public HubState state() { return connector == null ? HubState.disconnected() : connector.state(); }

  @Override
  public Future<?> stop() {
    return connector.stop();
  }
}
