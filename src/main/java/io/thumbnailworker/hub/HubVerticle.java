package io.thumbnailworker.hub;

import io.thumbnailworker.backend.Backend;
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

/**
 * The node's SignalR side (design §3): holds the connection to the backend's hub through {@link HubConnector}, which
 * turns hub events into event-bus hints and status changes, and acknowledges claims for {@code thumbnail.hub.ack}
 * messages with the backend's acknowledgement invocation. A URL, key, transport or TLS change reconnects.
 */
public final class HubVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  private final ConfigService config;
  private final Backend backend;
  private volatile HubConnector connector;

  public HubVerticle(ConfigService config, Backend backend) {
    this.config = config;
    this.backend = backend;
  }

  @Override
  public Future<?> start() {
    connector = new HubConnector(vertx, context, config::current, backend);
    var acks = vertx.eventBus().<JsonObject>consumer(Addresses.HUB_ACK, msg -> {
      HubAck ack = HubAck.fromJson(msg.body(), config.current().workerId());
      long jobId = ack.jobId();
      connector.acknowledge(jobId, ack.workerId())
          .onSuccess(v -> LOG.debug("Acknowledged job {}", jobId))
          .onFailure(err -> LOG.debug("Acknowledgement of job {} not sent: {}", jobId, Errors.oneLine(err)));
    });
    var reload = vertx.eventBus().<JsonObject>localConsumer(Addresses.CONFIG_CHANGED, msg -> {
      JsonArray changed = msg.body().getJsonArray("changed", new JsonArray());
      if (changed.contains(ConfigKey.API_BASE_URL.name()) || changed.contains(ConfigKey.WORKER_API_KEY.name())
          || changed.contains(ConfigKey.SIGNALR_TRANSPORT.name()) || changed.contains(ConfigKey.TLS_REJECT_UNAUTHORIZED.name())) {
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
