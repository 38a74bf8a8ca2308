package io.thumbnailworker.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every configuration key: its environment-variable name (the Node worker's names, so existing deployments keep their
 * settings), type, default, allowed range and what a live change does. The README's configuration table is generated from this enum.
 */
public enum ConfigKey {
  WORKER_ID(Type.STRING, "", Apply.RESTART, "Worker identity sent to the API; empty = worker-<host>-<pid> (at most 100 characters with API_PROFILE=modelibr)"),
  WORKER_PORT(Type.INT, "3001", Apply.RESTART, "Port of the status endpoint (/health, /ready, /status, /metrics); 0 = any free port", 0, 65535),
  API_BASE_URL(Type.URL, "http://localhost:5009", Apply.RECONNECT, "Base URL of the Web API and its SignalR hub"),
  API_PROFILE(Type.CHOICE, "auto", Apply.RECONNECT, "Backend contract: spec (design §2), modelibr (the Modelibr backend), or auto (probe API_BASE_URL for either at start and after it has been unreachable past the reconnect backoff; docs/worker.md)", List.of("auto", "spec", "modelibr")),
  WORKER_API_KEY(Type.SECRET, "", Apply.RECONNECT, "API key: sent as X-Api-Key and as the SignalR access token"),
  SIGNALR_TRANSPORT(Type.CHOICE, "Auto", Apply.RECONNECT, "SignalR transport", List.of("Auto", "WebSockets", "LongPolling")),
  TLS_REJECT_UNAUTHORIZED(Type.BOOL, "true", Apply.RECONNECT, "Verify TLS certificates (NODE_TLS_REJECT_UNAUTHORIZED is also read)"),
  MAX_CONCURRENT_JOBS(Type.INT, "3", Apply.LIVE, "Jobs processed at once on this node", 1, 64),
  POLL_INTERVAL_MS(Type.INT, "5000", Apply.LIVE, "Poll period for dequeue while the hub is disconnected", 100, 3_600_000),
  SAFETY_POLL_INTERVAL_MS(Type.INT, "60000", Apply.LIVE, "Poll period while the hub is connected (catches lost notifications)", 1000, 3_600_000),
  EXTRACTION_POLL_INTERVAL_MS(Type.INT, "5000", Apply.LIVE, "Poll period of Modelibr's extraction queue (scene graphs of models, with API_PROFILE=modelibr or auto finding it); 0 = off", 0, 3_600_000),
  LOG_LEVEL(Type.CHOICE, "info", Apply.LIVE, "Log level", List.of("error", "warn", "info", "debug", "trace")),
  LOG_FORMAT(Type.CHOICE, "text", Apply.LIVE, "Log format: text for humans, json for one object per line", List.of("text", "json")),
  RENDER_WIDTH(Type.INT, "256", Apply.LIVE, "Thumbnail width in pixels (modelibr: the server's thumbnail size, this key when it cannot be read)", 64, 2048),
  RENDER_HEIGHT(Type.INT, "256", Apply.LIVE, "Thumbnail height in pixels (modelibr: as RENDER_WIDTH)", 64, 2048),
  RENDER_BACKGROUND(Type.COLOR, "#f0f0f0", Apply.LIVE, "Background colour #rrggbb, or transparent (modelibr: transparent unless this key is set)"),
  ENABLE_ANTIALIASING(Type.BOOL, "true", Apply.LIVE, "Anti-alias edges"),
  ANTIALIASING_METHOD(Type.CHOICE, "ssaa", Apply.LIVE, "How edges are anti-aliased: ssaa = 2x2 supersampling, msaa = 4x multisampling, fxaa = a filter over a frame drawn once per pixel (less CPU per job, less accurate edges; docs/render.md)", List.of("ssaa", "msaa", "fxaa")),
  CAMERA_DISTANCE(Type.DOUBLE, "0", Apply.LIVE, "Camera distance in normalised units; 0 = fit the model automatically", 0, 1000),
  ORBIT_ENABLED(Type.BOOL, "true", Apply.LIVE, "Render an orbit; false = one frame (modelibr: the server's isAnimated, this key when it cannot be read)"),
  ORBIT_ANGLE_STEP(Type.DOUBLE, "15", Apply.LIVE, "Degrees between orbit frames (modelibr: 360 / the server's frameCount, this key when it cannot be read)", 1, 360),
  ORBIT_START_ANGLE(Type.DOUBLE, "0", Apply.LIVE, "First orbit angle in degrees; when not set, the orbit starts at a three-quarter view chosen per model (docs/render.md)", -360, 360),
  ORBIT_END_ANGLE(Type.DOUBLE, "360", Apply.LIVE, "Orbit end angle in degrees (exclusive)", -360, 720),
  ORBIT_CAMERA_HEIGHT(Type.DOUBLE, "0.5", Apply.LIVE, "Camera elevation as a fraction of its distance (0 = level, 1 = 45 degrees)", -5, 5),
  MAX_POLYGON_COUNT(Type.INT, "1000000", Apply.LIVE, "Models with more triangles fail with a clear message", 1, 50_000_000),
  ENABLE_NORMALIZATION(Type.BOOL, "true", Apply.LIVE, "Centre the model and scale it to NORMALIZED_SCALE"),
  NORMALIZED_SCALE(Type.DOUBLE, "2.0", Apply.LIVE, "Size of the model's largest extent after normalisation", 0.01, 1000),
  ENCODING_FRAMERATE(Type.INT, "10", Apply.LIVE, "Frames per second of the animated WebP", 1, 60),
  WEBP_QUALITY(Type.INT, "75", Apply.LIVE, "WebP quality", 0, 100),
  JPEG_QUALITY(Type.INT, "85", Apply.LIVE, "JPEG poster quality", 1, 100),
  POSTER_FRAME(Type.INT, "-1", Apply.LIVE, "Orbit frame used for the poster (clamped to the frame count); -1 = the frame nearest the model's three-quarter view", -1, 10_000),
  UP_AXIS(Type.CHOICE, "auto", Apply.LIVE, "Which axis of a model file is up: auto = by format (glTF Y, 3MF Z, FBX its own setting, STL and OBJ by convention and shape; docs/render.md), y or z = that axis for every file", List.of("auto", "y", "z")),
  CREASE_ANGLE(Type.DOUBLE, "40", Apply.LIVE, "For models without normals: faces meeting at a sharper angle than this (degrees) keep a hard edge; 180 = smooth everywhere", 0, 180),
  CLEANUP_TEMP_FILES(Type.BOOL, "true", Apply.LIVE, "Delete per-job temporary files when a job ends"),
  THUMBNAIL_STORAGE_PATH(Type.STRING, "", Apply.LIVE, "Directory for per-job temporary files; empty = <java.io.tmpdir>/thumbnail-worker"),
  MAX_RETRIES(Type.INT, "3", Apply.LIVE, "Retries of an API call after a connection error, 5xx or 429", 0, 20),
  RETRY_DELAY_MS(Type.INT, "1000", Apply.LIVE, "First retry delay (doubles each retry, with jitter)", 0, 600_000),
  HTTP_TIMEOUT_MS(Type.INT, "30000", Apply.RECONNECT, "Connect, idle and request timeout of API calls", 100, 600_000),
  JOB_TIMEOUT_MS(Type.INT, "300000", Apply.LIVE, "Longest a job may take before it is cancelled and failed; at most 480000 with API_PROFILE=modelibr (inside Modelibr's 10-minute job lock), capped there when auto picks modelibr", 1000, 86_400_000),
  MAX_MODEL_BYTES(Type.LONG, "536870912", Apply.LIVE, "Largest model download accepted", 1, 1L << 40),
  RENDER_THREADS(Type.INT, "1", Apply.RESTART, "GL contexts (render threads) on this node", 1, 16),
  RENDER_EGL_DEVICE(Type.STRING, "auto", Apply.RESTART, "EGL display: auto (hardware device if any, else Mesa surfaceless), surfaceless, or a device index"),
  IMPORT_TIMEOUT_MS(Type.INT, "120000", Apply.LIVE, "Longest a model import may take before the importer is killed", 1000, 3_600_000),
  SHUTDOWN_TIMEOUT_MS(Type.INT, "30000", Apply.LIVE, "On SIGTERM, how long in-flight jobs may finish before they are failed back", 0, 3_600_000),
  SHUTDOWN_GRACE_MS(Type.INT, "0", Apply.LIVE, "On SIGTERM, how long /health answers 503 before anything stops (for load balancers)", 0, 600_000),
  CONFIG_SCAN_PERIOD_MS(Type.INT, "5000", Apply.RESTART, "How often the config file is re-read for hot reload; 0 = off", 0, 3_600_000),
  CLUSTER_ENABLED(Type.BOOL, "false", Apply.RESTART, "Join the clustered event bus (Hazelcast)"),
  CLUSTER_MEMBERS(Type.STRING, "", Apply.RESTART, "Comma list of host[:port] of Hazelcast members (TCP/IP join)"),
  CLUSTER_HOST(Type.STRING, "", Apply.RESTART, "Interface Hazelcast binds to"),
  CLUSTER_PORT(Type.INT, "5701", Apply.RESTART, "Hazelcast port", 1, 65535),
  EVENTBUS_HOST(Type.STRING, "", Apply.RESTART, "Interface the clustered event bus binds to"),
  EVENTBUS_PORT(Type.INT, "0", Apply.RESTART, "Event bus port; 0 = any free port", 0, 65535),
  EVENTBUS_PUBLIC_HOST(Type.STRING, "", Apply.RESTART, "Address other nodes use to reach this node's event bus"),
  WORKER_ROLES(Type.STRING, "hub,jobs,render", Apply.RESTART, "Roles of this node: any of hub, jobs, render");

  /** Value types, each with its own parser and checks. */
  public enum Type { INT, LONG, DOUBLE, BOOL, STRING, SECRET, CHOICE, URL, COLOR }

  /** What a live change of the key does. */
  public enum Apply {
    /** applied at once */
    LIVE,
    /** the hub connection and API client are rebuilt */
    RECONNECT,
    /** logged as needing a restart; the running value stays */
    RESTART
  }

  private static final Pattern HEX_COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
  private static final List<String> TRUE = List.of("true", "1", "yes", "on");
  private static final List<String> FALSE = List.of("false", "0", "no", "off");

  private final Type type;
  private final String defaultValue;
  private final Apply apply;
  private final String description;
  private final double min;
  private final double max;
  private final List<String> choices;

  ConfigKey(Type type, String defaultValue, Apply apply, String description) {
    this(type, defaultValue, apply, description, Double.NaN, Double.NaN, List.of());
  }

  ConfigKey(Type type, String defaultValue, Apply apply, String description, double min, double max) {
    this(type, defaultValue, apply, description, min, max, List.of());
  }

  ConfigKey(Type type, String defaultValue, Apply apply, String description, List<String> choices) {
    this(type, defaultValue, apply, description, Double.NaN, Double.NaN, choices);
  }

  ConfigKey(Type type, String defaultValue, Apply apply, String description, double min, double max, List<String> choices) {
    this.type = type;
    this.defaultValue = defaultValue;
    this.apply = apply;
    this.description = description;
    this.min = min;
    this.max = max;
    this.choices = choices;
  }

  public Type type() { return type; }
  public String defaultValue() { return defaultValue; }
  public Apply apply() { return apply; }
  public String description() { return description; }
  public List<String> choices() { return choices; }
  public boolean hasRange() { return !Double.isNaN(min); }
  public double min() { return min; }
  public double max() { return max; }
  public boolean secret() { return type == Type.SECRET; }

  /** Human text for the allowed values, as the README table shows it. */
  public String allowed() {
    return switch (type) {
      case INT, LONG -> hasRange() ? (long) min + "–" + (long) max : "integer";
      case DOUBLE -> hasRange() ? trim(min) + "–" + trim(max) : "number";
      case BOOL -> "true/false";
      case CHOICE -> String.join("/", choices);   // not " | ": that would split the README table's cells
      case URL -> "http(s) URL";
      case COLOR -> "#rgb, #rrggbb or transparent";
      case STRING, SECRET -> "text";
    };
  }

  /**
   * Parses and checks one raw value (a string from env/sysprops, or a JSON number/boolean from the file).
   * @throws IllegalArgumentException with a message that names the key and the reason
   */
  public Object parse(Object raw) {
    String text = raw == null ? defaultValue : String.valueOf(raw).trim();
    try {
      return switch (type) {
        case INT -> checkRange(parseLong(text, Integer.MIN_VALUE, Integer.MAX_VALUE)).intValue();
        case LONG -> checkRange(parseLong(text, Long.MIN_VALUE, Long.MAX_VALUE));
        case DOUBLE -> checkRange(parseDouble(text));
        case BOOL -> parseBool(text);
        case CHOICE -> parseChoice(text);
        case URL -> parseUrl(text);
        case COLOR -> parseColor(text);
        case STRING, SECRET -> text;
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
    }
  }

  private static long parseLong(String text, long lo, long hi) {
    long value;
    try {
      // accept "3.0" from JSON numbers, reject "3.5"
      double d = Double.parseDouble(text);
      if (d != Math.rint(d) || Double.isInfinite(d)) throw new NumberFormatException();
      value = text.matches("[+-]?\\d+") ? Long.parseLong(text) : (long) d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an integer");
    }
    if (value < lo || value > hi) throw new IllegalArgumentException("'" + text + "' is out of range");
    return value;
  }

  private static double parseDouble(String text) {
    try {
      double d = Double.parseDouble(text);
      if (!Double.isFinite(d)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  private <N extends Number> N checkRange(N value) {
    if (hasRange() && (value.doubleValue() < min || value.doubleValue() > max)) {
      throw new IllegalArgumentException(value + " is outside " + allowed());
    }
    return value;
  }

  private static Boolean parseBool(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (TRUE.contains(t)) return Boolean.TRUE;
    if (FALSE.contains(t)) return Boolean.FALSE;
    throw new IllegalArgumentException("'" + text + "' is not true or false");
  }

  private String parseChoice(String text) {
    for (String c : choices) if (c.equalsIgnoreCase(text)) return c;
    throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", choices));
  }

  private static String parseUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) throw new IllegalArgumentException();
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    } catch (Exception e) {
      throw new IllegalArgumentException("'" + text + "' is not an http(s) URL");
    }
  }

  private static String parseColor(String text) {
    if (text.equalsIgnoreCase("transparent")) return "transparent";
    if (!HEX_COLOR.matcher(text).matches()) throw new IllegalArgumentException("'" + text + "' is not #rrggbb or transparent");
    return text.toLowerCase(Locale.ROOT);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
