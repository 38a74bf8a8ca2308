package io.thumbnailworker.extraction;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.jobs.ApiClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Polls Modelibr's extraction queue every EXTRACTION_POLL_INTERVAL_MS (0: not at all), up to {@link #PER_TICK} jobs a
 * tick, while the backend spoken is Modelibr's; the work is {@link ExtractionRunner}'s. A tick starts only after the
 * previous one ended, so jobs never overlap. Its own API client is rebuilt when the connection settings change.
 */
public final class ExtractionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExtractionVerticle.class);
  static final int PER_TICK = 10;
  private static final List<ConfigKey> CONNECTION_KEYS = List.of(ConfigKey.API_BASE_URL, ConfigKey.WORKER_API_KEY,
      ConfigKey.TLS_REJECT_UNAUTHORIZED, ConfigKey.HTTP_TIMEOUT_MS, ConfigKey.WORKER_ID);

  private final ConfigService config;
  private final BackendSelector backends;
  private ExtractionRunner runner;
  private volatile ApiClient api;
  private volatile boolean stopped;
  private long timer = -1;

  public ExtractionVerticle(ConfigService config, BackendSelector backends) {
    this.config = config;
    this.backends = backends;
  }

  @Override
  public Future<?> start() {
    runner = new ExtractionRunner(vertx, config::current);
    api = new ApiClient(vertx, config.current(), config::current, backends);
    config.onChange(change -> {
      if (stopped || CONNECTION_KEYS.stream().noneMatch(change.changed()::contains)) return;
      ApiClient old = api;
      api = new ApiClient(vertx, config.current(), config::current, backends);
      vertx.setTimer(config.current().integer(ConfigKey.HTTP_TIMEOUT_MS), id -> old.close());   // calls in flight finish
    });
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    if (stopped) return;
    int every = config.current().integer(ConfigKey.EXTRACTION_POLL_INTERVAL_MS);
    // off: look again later whether it was turned on
    timer = vertx.setTimer(every == 0 ? 30_000 : every, id -> {
      if (config.current().integer(ConfigKey.EXTRACTION_POLL_INTERVAL_MS) == 0) {
        schedule();
        return;
      }
      tick().onComplete(ar -> schedule());
    });
  }

  private Future<Integer> tick() {
    ApiClient client = api;
    return backends.current()
        .compose(backend -> "modelibr".equals(backend.profile()) ? runner.drain(client, backend, PER_TICK) : Future.succeededFuture(0))
        .onFailure(err -> LOG.debug("Extraction queue not polled: {}", Errors.oneLine(err)));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return vertx.executeBlocking(() -> {
      runner.close();
      api.close();
      return null;
    }, false);
  }
}
