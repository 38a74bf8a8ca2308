package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.ServerRenderSettings;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.config.ConfigKey;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * A job's render settings: the local keys, the backend's background unless RENDER_BACKGROUND is set, then the size
 * and frames the backend keeps for all workers ({@link Backend#renderSettingsPath()}), read before each job and kept
 * for {@link #MAX_AGE_MS} at most. When they cannot be read the local keys decide, with a warning in the job's log.
 */
final class ServerSettings {
  static final long MAX_AGE_MS = 5_000;

  private record Cached(Backend backend, ServerRenderSettings settings, long at) {}

  private volatile Cached last;

  /** The backend's settings for this job; empty when it keeps none or they cannot be read. Never fails. */
  Future<Optional<ServerRenderSettings>> read(JobRun run) {
    Backend backend = run.job().backend();
    Optional<String> path = backend.renderSettingsPath();
    if (path.isEmpty()) return Future.succeededFuture(Optional.empty());
    Cached c = last;
    if (c != null && c.backend() == backend && System.currentTimeMillis() - c.at() < MAX_AGE_MS) {
      return Future.succeededFuture(Optional.of(c.settings()));
    }
    return run.client().getJson(path.get())
        .map(body -> {
          ServerRenderSettings s = backend.readRenderSettings(body);
          last = new Cached(backend, s, System.currentTimeMillis());
          return Optional.of(s);
        })
        .otherwise(err -> {
          run.log.warn("Thumbnail settings not read ({}); rendering with RENDER_WIDTH/RENDER_HEIGHT and the ORBIT_* keys",
              Errors.oneLine(err));
          return Optional.empty();
        });
  }

  /** The settings {@code run} renders with, given what the backend answered. */
  static RenderSettings settingsFor(JobRun run, Optional<ServerRenderSettings> server) {
    RenderSettings local = RenderSettings.from(run.cfg);
    if (!run.cfg.isSet(ConfigKey.RENDER_BACKGROUND)) {
      local = run.job().backend().defaultBackground().map(local::withBackground).orElse(local);
    }
    return server.isPresent() ? server.get().applyTo(local) : local;
  }
}
