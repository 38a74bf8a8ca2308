package io.thumbnailworker.config;

import io.thumbnailworker.backend.ModelibrContract;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, validated configuration snapshot. Build one with {@link #from(JsonObject)}; a reload builds a new one
 * and swaps it in whole, it never mutates a running snapshot.
 */
public final class WorkerConfig {
  public static final String MASK = "********";

  private final Map<ConfigKey, Object> values;
  private final Set<ConfigKey> given;

  private WorkerConfig(Map<ConfigKey, Object> values, Set<ConfigKey> given) {
    this.values = Collections.unmodifiableMap(values);
    this.given = Collections.unmodifiableSet(given);
  }

  /** Defaults only. */
  public static WorkerConfig defaults() {
    return from(new JsonObject());
  }

  /**
   * Parses every key from a flat JSON object (unknown keys are ignored, missing ones take their default) and checks the
   * cross-key rules.
   * @throws IllegalArgumentException naming the first bad key and why
   */
  public static WorkerConfig from(JsonObject flat) {
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    Set<ConfigKey> given = EnumSet.noneOf(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      Object raw = flat.getValue(key.name());
      if (key == ConfigKey.TLS_REJECT_UNAUTHORIZED && raw == null) raw = flat.getValue("NODE_TLS_REJECT_UNAUTHORIZED");
      if (raw != null) given.add(key);
      values.put(key, key.parse(raw));
    }
    if ((double) values.get(ConfigKey.ORBIT_END_ANGLE) <= (double) values.get(ConfigKey.ORBIT_START_ANGLE)) {
      throw new IllegalArgumentException("ORBIT_END_ANGLE: must be greater than ORBIT_START_ANGLE ("
          + values.get(ConfigKey.ORBIT_START_ANGLE) + ")");
    }
    for (String role : ((String) values.get(ConfigKey.WORKER_ROLES)).split(",")) {
      if (!Set.of("hub", "jobs", "render").contains(role.trim())) {
        throw new IllegalArgumentException("WORKER_ROLES: '" + role.trim() + "' is not one of hub, jobs, render");
      }
    }
    if (((String) values.get(ConfigKey.WORKER_ID)).isEmpty()) values.put(ConfigKey.WORKER_ID, defaultWorkerId());
    checkModelibrLimits(values);
    return new WorkerConfig(values, given);
  }

  /**
   * Limits of the Modelibr backend, checked when API_PROFILE names it: it re-queues a job whose 10-minute lock expired,
   * resets its attempts and accepts any finish for it, so every job must end, and be reported, while this worker still
   * holds it; and it refuses worker ids outside 1–100 characters.
   */
  private static void checkModelibrLimits(Map<ConfigKey, Object> values) {
    if (!"modelibr".equals(values.get(ConfigKey.API_PROFILE))) return;
    int timeout = (Integer) values.get(ConfigKey.JOB_TIMEOUT_MS);
    if (timeout > ModelibrContract.MAX_JOB_TIMEOUT_MS) {
      throw new IllegalArgumentException("JOB_TIMEOUT_MS: " + timeout + " is not inside Modelibr's " + ModelibrContract.LOCK_MS / 60_000
          + "-minute job lock; with API_PROFILE=modelibr it must be at most " + ModelibrContract.MAX_JOB_TIMEOUT_MS
          + ", so that every job ends, and is reported, while this worker still holds it");
    }
    int idLength = ((String) values.get(ConfigKey.WORKER_ID)).length();
    if (idLength > ModelibrContract.MAX_WORKER_ID_LENGTH) {
      throw new IllegalArgumentException("WORKER_ID: " + idLength + " characters; Modelibr takes worker ids of 1–"
          + ModelibrContract.MAX_WORKER_ID_LENGTH);
    }
  }

  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "localhost";
    }
    return "worker-" + host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  public Object get(ConfigKey key) { return values.get(key); }
  public String string(ConfigKey key) { return (String) values.get(key); }
  public int integer(ConfigKey key) { return (Integer) values.get(key); }
  public long longValue(ConfigKey key) { return ((Number) values.get(key)).longValue(); }
  public double decimal(ConfigKey key) { return (Double) values.get(key); }
  public boolean flag(ConfigKey key) { return (Boolean) values.get(key); }

  /** True when a source (file, environment, system property, flag) gave {@code key}; false when it is the default. */
  public boolean isSet(ConfigKey key) { return given.contains(key); }

  public String workerId() { return string(ConfigKey.WORKER_ID); }
  public int workerPort() { return integer(ConfigKey.WORKER_PORT); }
  public String apiBaseUrl() { return string(ConfigKey.API_BASE_URL); }
  public String apiKey() { return string(ConfigKey.WORKER_API_KEY); }
  /** {@code auto}, {@code spec} or {@code modelibr}. */
  public String apiProfile() { return string(ConfigKey.API_PROFILE); }
  public int maxConcurrentJobs() { return integer(ConfigKey.MAX_CONCURRENT_JOBS); }
  public String logLevel() { return string(ConfigKey.LOG_LEVEL); }
  public String logFormat() { return string(ConfigKey.LOG_FORMAT); }
  public boolean clusterEnabled() { return flag(ConfigKey.CLUSTER_ENABLED); }

  /** Per-job temp root; the configured path or a folder under java.io.tmpdir. */
  public Path storagePath() {
    String p = string(ConfigKey.THUMBNAIL_STORAGE_PATH);
    return p.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "thumbnail-worker") : Path.of(p);
  }

  public Set<String> roles() {
    Set<String> roles = new java.util.TreeSet<>();
    Arrays.stream(string(ConfigKey.WORKER_ROLES).split(",")).map(String::trim).forEach(roles::add);
    return roles;
  }

  /** Keys whose values differ from {@code other}. */
  public Set<ConfigKey> changedFrom(WorkerConfig other) {
    Set<ConfigKey> changed = EnumSet.noneOf(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      if (!Objects.equals(values.get(key), other.values.get(key))) changed.add(key);
    }
    return changed;
  }

  /** All keys and values, secrets masked: what /status and logs show. */
  public JsonObject toMaskedJson() {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      Object v = values.get(key);
      json.put(key.name(), key.secret() && !String.valueOf(v).isEmpty() ? MASK : v);
    }
    return json;
  }

  /**
   * All keys and real values (for handing to a child process or a verticle's config). A snapshot built from it counts
   * every key as set; {@link #givenJson()} keeps the difference.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach((k, v) -> json.put(k.name(), v));
    return json;
  }

  /** The keys a source gave, with their values: building a snapshot from it keeps {@link #isSet}. */
  public JsonObject givenJson() {
    JsonObject json = new JsonObject();
    given.forEach(k -> json.put(k.name(), values.get(k)));
    return json;
  }

  @Override
  public String toString() {
    return toMaskedJson().encode();
  }
}
