package io.thumbnailworker.backend;

import io.thumbnailworker.Errors;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * Which {@link Backend} a node speaks now, per API_PROFILE: {@code spec} and {@code modelibr} name one; {@code auto}
 * asks API_BASE_URL ({@link ProfileProbe}) when first needed, keeps the answer, and asks again once the API has been
 * unreachable for {@link #REPROBE_AFTER_MS} without a single success in between (the hub connector and the claim
 * loop report both), or when API_PROFILE, the URL, the key or TLS settings change. A round that finds no backend is
 * logged at WARN with every probe's answer, and the next round waits as a hub reconnect would (2 s, 10 s, 30 s…);
 * meanwhile {@link #current()} fails fast with that {@link NoBackendException}.
 *
 * <p>Thread-safe: the hub and the job verticles share one. Futures complete on the caller's context.
 */
public final class BackendSelector {
  private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);
  public static final String AUTO = "auto";
  /** The reconnect backoff's steps added up (0 + 2 + 10 + 30 s): the hub has tried at every delay by then. */
  public static final long REPROBE_AFTER_MS = 42_000;
  private static final List<ConfigKey> RESOLVE_AGAIN_ON = List.of(ConfigKey.API_PROFILE, ConfigKey.API_BASE_URL,
      ConfigKey.WORKER_API_KEY, ConfigKey.TLS_REJECT_UNAUTHORIZED);

  private final Supplier<WorkerConfig> config;
  private final IntToLongFunction retryDelay;
  private final long reprobeAfterMs;
  private final Map<String, Backend> byProfile = new LinkedHashMap<>();   // probe order: spec wins when both answer
  private final Backend fixed;
  private final ProfileProbe probe;
  private Backend chosen;
  private Future<Backend> probing;
  private NoBackendException lastFailure;
  private long nextProbeAt;
  private int failedRounds;
  private long unreachableSince = -1;
  private long generation;

  /** {@code retryDelay}: the wait before probe round n+1 after n rounds found nothing. */
  public BackendSelector(Vertx vertx, Supplier<WorkerConfig> config, IntToLongFunction retryDelay) {
    this(vertx, config, retryDelay, REPROBE_AFTER_MS);
  }

  BackendSelector(Vertx vertx, Supplier<WorkerConfig> config, IntToLongFunction retryDelay, long reprobeAfterMs) {
    this(vertx, config, retryDelay, reprobeAfterMs, null);
  }

  private BackendSelector(Vertx vertx, Supplier<WorkerConfig> config, IntToLongFunction retryDelay, long reprobeAfterMs,
                          Backend fixed) {
    this.config = config;
    this.retryDelay = retryDelay;
    this.reprobeAfterMs = reprobeAfterMs;
    this.fixed = fixed;
    this.probe = vertx == null ? null : new ProfileProbe(vertx);
    for (Backend b : List.of(new SpecBackend(), new ModelibrBackend())) byProfile.put(b.profile(), b);
  }

  /** Always {@code backend}, whatever the configuration says (tests, tools). */
  public static BackendSelector fixed(Backend backend) {
    return new BackendSelector(null, null, n -> 0, Long.MAX_VALUE, backend);
  }

  /** The backend to speak now; under {@code auto} it may probe first, or fail with a {@link NoBackendException}. */
  public Future<Backend> current() {
    Future<Backend> shared;
    synchronized (this) {
      if (fixed != null) return Future.succeededFuture(fixed);
      WorkerConfig cfg = config.get();
      if (!AUTO.equals(cfg.apiProfile())) return Future.succeededFuture(byProfile.get(cfg.apiProfile()));
      if (chosen != null) return Future.succeededFuture(chosen);
      if (probing == null) {
        if (System.currentTimeMillis() < nextProbeAt) return Future.failedFuture(lastFailure);
        long gen = generation;
        probing = probe.run(cfg, List.copyOf(byProfile.values()))
            .map(choice -> chose(gen, cfg, choice))
            .recover(err -> Future.failedFuture(noneFound(gen, err)));
      }
      shared = probing;
    }
    return onCallerContext(shared);
  }

  private synchronized Backend chose(long gen, WorkerConfig cfg, ProfileProbe.Choice choice) {
    if (gen != generation) return choice.backend();
    probing = null;
    chosen = choice.backend();
    failedRounds = 0;
    unreachableSince = -1;
    LOG.info("API_PROFILE=auto: {} speaks the {} contract ({})", cfg.apiBaseUrl(), chosen.profile(), choice.evidence());
    return chosen;
  }

  private synchronized NoBackendException noneFound(long gen, Throwable err) {
    NoBackendException none = err instanceof NoBackendException n ? n
        : new NoBackendException("probing API_BASE_URL failed: " + Errors.oneLine(err));
    if (gen != generation) return none;
    probing = null;
    lastFailure = none;
    long delay = retryDelay.applyAsLong(++failedRounds);
    nextProbeAt = System.currentTimeMillis() + delay;
    LOG.warn("{}; probing again in {} ms", none.getMessage(), delay);
    return none;
  }

  /** The backend a report written under {@code profile} goes to; null (reports from before profiles): spec. */
  public Backend forProfile(String profile) {
    if (fixed != null && (profile == null || fixed.profile().equals(profile))) return fixed;
    Backend b = byProfile.get(profile == null ? "spec" : profile);
    if (b == null) throw new IllegalArgumentException("no backend for profile '" + profile + "'");
    return b;
  }

  /** What {@code /status} shows as {@code worker.apiProfile}: the contract spoken now, or {@code none}. */
  public synchronized String describe() {
    if (fixed != null) return fixed.profile();
    String mode = config.get().apiProfile();
    if (!AUTO.equals(mode)) return mode;
    return chosen == null ? "none" : chosen.profile();
  }

  /** The API answered (a hub connection or a claim call): its contract stands. */
  public synchronized void reachable() {
    unreachableSince = -1;
  }

  /** The API did not answer (a failed hub attempt or claim call); past the reprobe time, {@code auto} asks again. */
  public synchronized void unreachable() {
    if (fixed != null || chosen == null || !AUTO.equals(config.get().apiProfile())) return;
    long now = System.currentTimeMillis();
    if (unreachableSince < 0) {
      unreachableSince = now;
    } else if (now - unreachableSince >= reprobeAfterMs) {
      LOG.info("API_PROFILE=auto: {} unreachable for {} s; probing for its contract again", config.get().apiBaseUrl(),
          (now - unreachableSince) / 1000);
      forget();
    }
  }

  /** After a live config change: API_PROFILE, the URL, the key or the TLS settings make {@code auto} ask again. */
  public synchronized void configChanged(Set<ConfigKey> changed) {
    if (fixed == null && RESOLVE_AGAIN_ON.stream().anyMatch(changed::contains)) {
      if (changed.contains(ConfigKey.API_PROFILE)) LOG.info("API_PROFILE is now {}", config.get().apiProfile());
      forget();
    }
  }

  private void forget() {
    generation++;
    chosen = null;
    probing = null;
    nextProbeAt = 0;
    failedRounds = 0;
    unreachableSince = -1;
  }

  /** {@code f}, completed on the calling Vert.x context (a probe may have been started from another). */
  private static <T> Future<T> onCallerContext(Future<T> f) {
    Context ctx = Vertx.currentContext();
    if (ctx == null) return f;
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> ctx.runOnContext(v -> {
      if (ar.succeeded()) p.complete(ar.result());
      else p.fail(ar.cause());
    }));
    return p.future();
  }
}
