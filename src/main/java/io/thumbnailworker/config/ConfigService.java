package io.thumbnailworker.config;

import io.thumbnailworker.bus.Addresses;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Loads the configuration with Vert.x Config from, lowest to highest precedence: built-in defaults, the config file,
 * the environment, system properties, then CLI flags. Scans the file for hot reload: a valid change is swapped in and
 * announced on {@link Addresses#CONFIG_CHANGED}; an invalid one is rejected with one log line and the running
 * snapshot stays.
 */
public final class ConfigService {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigService.class);
  public static final Path DEFAULT_FILE = Path.of("conf", "config.json");

  /** Where values come from; tests inject env and system properties, production passes the real ones. */
  public record Sources(Path file, boolean fileRequired, Map<String, String> env, Properties sysProps,
                        JsonObject cliOverrides) {
    public static Sources of(Path explicitFile, JsonObject cliOverrides) {
      return new Sources(explicitFile != null ? explicitFile : DEFAULT_FILE, explicitFile != null,
          System.getenv(), System.getProperties(), cliOverrides);
    }
  }

  /** One accepted change: the keys that now differ, and those that only take effect after a restart. */
  public record Change(WorkerConfig previous, WorkerConfig current, Set<ConfigKey> changed, Set<ConfigKey> restartRequired) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("changed", new JsonArray(changed.stream().map(Enum::name).toList()))
          .put("restartRequired", new JsonArray(restartRequired.stream().map(Enum::name).toList()));
    }
  }

  private final Vertx vertx;
  private final ConfigRetriever retriever;
  private final AtomicReference<WorkerConfig> current = new AtomicReference<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile JsonObject lastReload = new JsonObject().put("outcome", "none");

  private ConfigService(Vertx vertx, ConfigRetriever retriever) {
    this.vertx = vertx;
    this.retriever = retriever;
  }

  /** Reads every source once and validates; fails with a message naming the bad key. */
  public static Future<ConfigService> start(Vertx vertx, Sources sources) {
    int scan;
    try {
      scan = readOnce(sources).integer(ConfigKey.CONFIG_SCAN_PERIOD_MS);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(scan > 0 ? scan : Integer.MAX_VALUE);
    // Not optional: an optional store reads a malformed file as {} and would silently reset every key to defaults.
    // A file absent at start is simply not watched.
    if (Files.isRegularFile(sources.file())) {
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", sources.file().toString())));
    }
    options.addStore(jsonStore(envSubset(sources.env())))
        .addStore(jsonStore(sysSubset(sources.sysProps())))
        .addStore(jsonStore(sources.cliOverrides() == null ? new JsonObject() : sources.cliOverrides()));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    ConfigService service = new ConfigService(vertx, retriever);
    return retriever.getConfig()
        .map(json -> {
          service.current.set(WorkerConfig.from(json));
          retriever.listen(change -> service.reload(change.getNewConfiguration()));
          retriever.configStream().exceptionHandler(service::unreadable);
          return service;
        })
        .onFailure(e -> retriever.close());
  }

  /**
   * Reads every source once, synchronously, without Vert.x: what the launcher needs before it can build a Vertx
   * (cluster mode, metrics), and a fast, clear failure for a bad value.
   * @throws IllegalArgumentException naming the bad key, or the unreadable file
   */
  public static WorkerConfig readOnce(Sources sources) {
    JsonObject merged = new JsonObject();
    if (Files.isRegularFile(sources.file())) {
      try {
        merged.mergeIn(new JsonObject(Files.readString(sources.file())));
      } catch (Exception e) {
        throw new IllegalArgumentException("config file " + sources.file() + " is not a JSON object: " + e.getMessage(), e);
      }
    } else if (sources.fileRequired()) {
      throw new IllegalArgumentException("config file not found: " + sources.file());
    }
    merged.mergeIn(envSubset(sources.env())).mergeIn(sysSubset(sources.sysProps()));
    if (sources.cliOverrides() != null) merged.mergeIn(sources.cliOverrides());
    return WorkerConfig.from(merged);
  }

  private static ConfigStoreOptions jsonStore(JsonObject values) {
    return new ConfigStoreOptions().setType("json").setConfig(values);
  }

  private static JsonObject envSubset(Map<String, String> env) {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      if (env.containsKey(key.name())) json.put(key.name(), env.get(key.name()));
    }
    if (env.containsKey("NODE_TLS_REJECT_UNAUTHORIZED")) {
      json.put("NODE_TLS_REJECT_UNAUTHORIZED", env.get("NODE_TLS_REJECT_UNAUTHORIZED"));
    }
    return json;
  }

  private static JsonObject sysSubset(Properties props) {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      String v = props.getProperty(key.name());
      if (v != null) json.put(key.name(), v);
    }
    return json;
  }

  private void unreadable(Throwable error) {
    String reason = "config file unreadable: " + error.getMessage();
    if (reason.equals(lastReload.getString("reason"))) return; // once per distinct problem, not every scan
    lastReload = new JsonObject().put("at", Instant.now().toString()).put("outcome", "rejected").put("reason", reason);
    LOG.warn("Config reload rejected: {}; keeping the running configuration", reason);
  }

  void reload(JsonObject merged) {
    WorkerConfig previous = current.get();
    WorkerConfig candidate;
    try {
      candidate = WorkerConfig.from(merged);
    } catch (IllegalArgumentException e) {
      rejected(e.getMessage());
      return;
    }
    Set<ConfigKey> restartRequired = EnumSet.noneOf(ConfigKey.class);
    JsonObject effective = candidate.givenJson();     // keeps which keys were given and which are defaults
    for (ConfigKey key : candidate.changedFrom(previous)) {
      if (key.apply() == ConfigKey.Apply.RESTART) {
        restartRequired.add(key);
        effective.put(key.name(), previous.get(key));
      }
    }
    WorkerConfig next;
    try {
      next = WorkerConfig.from(effective);
    } catch (IllegalArgumentException e) {     // a live change that only fails against a key kept until restart
      rejected(e.getMessage());
      return;
    }
    Set<ConfigKey> changed = next.changedFrom(previous);
    current.set(next);
    lastReload = new JsonObject().put("at", Instant.now().toString()).put("outcome", "applied")
        .put("changed", new JsonArray(changed.stream().map(Enum::name).toList()))
        .put("restartRequired", new JsonArray(restartRequired.stream().map(Enum::name).toList()));
    if (!restartRequired.isEmpty()) LOG.warn("Config keys need a restart to take effect: {}", restartRequired);
    if (changed.isEmpty()) return;
    LOG.info("Config reloaded; changed: {}", changed);
    Change change = new Change(previous, next, changed, restartRequired);
    listeners.forEach(l -> l.accept(change));
    vertx.eventBus().publish(Addresses.CONFIG_CHANGED, change.toJson());
  }

  private void rejected(String reason) {
    lastReload = new JsonObject().put("at", Instant.now().toString()).put("outcome", "rejected").put("reason", reason);
    LOG.warn("Config reload rejected: {}; keeping the running configuration", reason);
  }

  public WorkerConfig current() { return current.get(); }

  /** Called on the Vert.x context that scanned the file, before the bus announcement. */
  public void onChange(Consumer<Change> listener) { listeners.add(listener); }

  /** {at, outcome: applied|rejected|none, changed | reason}. */
  public JsonObject lastReload() { return lastReload; }

  public void close() { retriever.close(); }
}
