package io.thumbnailworker.bus;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The render and encode settings of one job. Each request carries its own copy, so a config reload applies to the
 * next job without touching one in flight. JSON field names are the contract of {@code thumbnail.render}.
 * {@code upAxis} and {@code creaseAngle} travel to the importer ({@code UP_AXIS}, {@code CREASE_ANGLE});
 * {@code autoView}: the orbit is turned to start at the model's three-quarter view (true unless a start angle was
 * given); {@code posterFrame} -1 takes the frame nearest that view.
 */
public record RenderSettings(int width, int height, String background, boolean antialiasing, String antialiasingMethod,
                             double cameraDistance, boolean orbitEnabled, double angleStep, double startAngle,
                             double endAngle, double cameraHeight, int maxPolygons, boolean normalize,
                             double normalizedScale, int framerate, int webpQuality, int jpegQuality, int posterFrame,
                             int importTimeoutMs, String upAxis, double creaseAngle, boolean autoView) {

  /** 2x2 supersampling, 4x multisampling, or FXAA over a frame drawn once per pixel (see {@code docs/render.md}). */
  public static final List<String> ANTIALIASING_METHODS = ConfigKey.ANTIALIASING_METHOD.choices();

  public RenderSettings {
    if (width < 16 || height < 16 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException("render size " + width + "x" + height + " is outside 16..4096");
    }
    if (!(angleStep > 0)) throw new IllegalArgumentException("angleStep must be positive");
    if (orbitEnabled && !(endAngle > startAngle)) throw new IllegalArgumentException("endAngle must be greater than startAngle");
    if (framerate < 1) throw new IllegalArgumentException("framerate must be at least 1");
    if (!ANTIALIASING_METHODS.contains(antialiasingMethod)) {
      throw new IllegalArgumentException("antialiasing method '" + antialiasingMethod + "' is not one of " + ANTIALIASING_METHODS);
    }
    if (!ConfigKey.UP_AXIS.choices().contains(upAxis)) {
      throw new IllegalArgumentException("upAxis '" + upAxis + "' is not one of " + ConfigKey.UP_AXIS.choices());
    }
    if (!(creaseAngle >= 0 && creaseAngle <= 180)) throw new IllegalArgumentException("creaseAngle must be within 0..180");
    if (background == null || !(background.equals("transparent") || background.matches("#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}"))) {
      throw new IllegalArgumentException("background '" + background + "' is not #rrggbb or transparent");
    }
  }

  public static RenderSettings from(WorkerConfig c) {
    return new RenderSettings(c.integer(ConfigKey.RENDER_WIDTH), c.integer(ConfigKey.RENDER_HEIGHT),
        c.string(ConfigKey.RENDER_BACKGROUND), c.flag(ConfigKey.ENABLE_ANTIALIASING),
        c.string(ConfigKey.ANTIALIASING_METHOD), c.decimal(ConfigKey.CAMERA_DISTANCE),
        c.flag(ConfigKey.ORBIT_ENABLED), c.decimal(ConfigKey.ORBIT_ANGLE_STEP), c.decimal(ConfigKey.ORBIT_START_ANGLE),
        c.decimal(ConfigKey.ORBIT_END_ANGLE), c.decimal(ConfigKey.ORBIT_CAMERA_HEIGHT), c.integer(ConfigKey.MAX_POLYGON_COUNT),
        c.flag(ConfigKey.ENABLE_NORMALIZATION), c.decimal(ConfigKey.NORMALIZED_SCALE), c.integer(ConfigKey.ENCODING_FRAMERATE),
        c.integer(ConfigKey.WEBP_QUALITY), c.integer(ConfigKey.JPEG_QUALITY), c.integer(ConfigKey.POSTER_FRAME),
        c.integer(ConfigKey.IMPORT_TIMEOUT_MS), c.string(ConfigKey.UP_AXIS), c.decimal(ConfigKey.CREASE_ANGLE),
        !c.isSet(ConfigKey.ORBIT_START_ANGLE));
  }

  /** Defaults of every key (for tools and tests). */
  public static RenderSettings defaults() {
    return from(WorkerConfig.defaults());
  }

  public JsonObject toJson() {
    return new JsonObject().put("width", width).put("height", height).put("background", background)
        .put("antialiasing", antialiasing).put("antialiasingMethod", antialiasingMethod)
        .put("cameraDistance", cameraDistance).put("orbitEnabled", orbitEnabled)
        .put("angleStep", angleStep).put("startAngle", startAngle).put("endAngle", endAngle)
        .put("cameraHeight", cameraHeight).put("maxPolygons", maxPolygons).put("normalize", normalize)
        .put("normalizedScale", normalizedScale).put("framerate", framerate).put("webpQuality", webpQuality)
        .put("jpegQuality", jpegQuality).put("posterFrame", posterFrame).put("importTimeoutMs", importTimeoutMs)
        .put("upAxis", upAxis).put("creaseAngle", creaseAngle).put("autoView", autoView);
  }

  /** Missing fields take the built-in defaults, so a partial object (e.g. {@code {"width":128}}) is valid. */
  public static RenderSettings fromJson(JsonObject j) {
    RenderSettings d = defaults();
    if (j == null) return d;
    return new RenderSettings(j.getInteger("width", d.width), j.getInteger("height", d.height),
        j.getString("background", d.background), j.getBoolean("antialiasing", d.antialiasing),
        j.getString("antialiasingMethod", d.antialiasingMethod),
        j.getDouble("cameraDistance", d.cameraDistance), j.getBoolean("orbitEnabled", d.orbitEnabled),
        j.getDouble("angleStep", d.angleStep), j.getDouble("startAngle", d.startAngle), j.getDouble("endAngle", d.endAngle),
        j.getDouble("cameraHeight", d.cameraHeight), j.getInteger("maxPolygons", d.maxPolygons),
        j.getBoolean("normalize", d.normalize), j.getDouble("normalizedScale", d.normalizedScale),
        j.getInteger("framerate", d.framerate), j.getInteger("webpQuality", d.webpQuality),
        j.getInteger("jpegQuality", d.jpegQuality), j.getInteger("posterFrame", d.posterFrame),
        j.getInteger("importTimeoutMs", d.importTimeoutMs), j.getString("upAxis", d.upAxis),
        j.getDouble("creaseAngle", d.creaseAngle),
        // a request that names its start angle but not autoView means that angle
        j.getBoolean("autoView", d.autoView && !j.containsKey("startAngle")));
  }

  public RenderSettings withSize(int w, int h) {
    return new RenderSettings(w, h, background, antialiasing, antialiasingMethod, cameraDistance, orbitEnabled, angleStep, startAngle,
        endAngle, cameraHeight, maxPolygons, normalize, normalizedScale, framerate, webpQuality, jpegQuality, posterFrame,
        importTimeoutMs, upAxis, creaseAngle, autoView);
  }

  public RenderSettings withOrbit(double start, double end, double step) {
    return new RenderSettings(width, height, background, antialiasing, antialiasingMethod, cameraDistance, true, step, start, end,
        cameraHeight, maxPolygons, normalize, normalizedScale, framerate, webpQuality, jpegQuality, posterFrame,
        importTimeoutMs, upAxis, creaseAngle, autoView);
  }

  public RenderSettings withAntialiasing(boolean aa) {
    return new RenderSettings(width, height, background, aa, antialiasingMethod, cameraDistance, orbitEnabled, angleStep, startAngle,
        endAngle, cameraHeight, maxPolygons, normalize, normalizedScale, framerate, webpQuality, jpegQuality, posterFrame,
        importTimeoutMs, upAxis, creaseAngle, autoView);
  }

  public RenderSettings withAntialiasingMethod(String method) {
    return new RenderSettings(width, height, background, antialiasing, method, cameraDistance, orbitEnabled, angleStep,
        startAngle, endAngle, cameraHeight, maxPolygons, normalize, normalizedScale, framerate, webpQuality, jpegQuality,
        posterFrame, importTimeoutMs, upAxis, creaseAngle, autoView);
  }

  /** The anti-aliasing actually applied: {@code none} when it is off, else the method. */
  public String effectiveAntialiasing() {
    return antialiasing ? antialiasingMethod : "none";
  }

  public RenderSettings withBackground(String bg) {
    return new RenderSettings(width, height, bg, antialiasing, antialiasingMethod, cameraDistance, orbitEnabled, angleStep, startAngle,
        endAngle, cameraHeight, maxPolygons, normalize, normalizedScale, framerate, webpQuality, jpegQuality, posterFrame,
        importTimeoutMs, upAxis, creaseAngle, autoView);
  }

  /** Number of orbit frames: angles start, start+step, … below end (24 for 0..360 by 15); 1 without orbit. */
  public int frameCount() {
    if (!orbitEnabled) return 1;
    int n = (int) Math.ceil((endAngle - startAngle) / angleStep - 1e-9);
    return Math.max(1, Math.min(n, 3600));
  }

  public double angle(int frame) {
    return orbitEnabled ? startAngle + frame * angleStep : startAngle;
  }

  public boolean transparent() {
    return "transparent".equals(background);
  }

  /** Background as linear-space-free RGBA in 0..1 (sRGB values, as written). */
  public float[] backgroundRgba() {
    if (transparent()) return new float[] {0, 0, 0, 0};
    String hex = background.substring(1);
    if (hex.length() == 3) hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
    int rgb = Integer.parseInt(hex, 16);
    return new float[] {((rgb >> 16) & 255) / 255f, ((rgb >> 8) & 255) / 255f, (rgb & 255) / 255f, 1f};
  }

  /**
   * These settings with the orbit turned by {@code degrees} (the model's three-quarter view) and the poster at frame
   * {@code poster}; whether the orbit is on is kept.
   */
  public RenderSettings withView(double degrees, int poster) {
    return new RenderSettings(width, height, background, antialiasing, antialiasingMethod, cameraDistance, orbitEnabled,
        angleStep, startAngle + degrees, endAngle + degrees, cameraHeight, maxPolygons, normalize, normalizedScale,
        framerate, webpQuality, jpegQuality, poster, importTimeoutMs, upAxis, creaseAngle, false);
  }

  public int posterIndex() {
    return Math.min(Math.max(posterFrame, 0), frameCount() - 1);
  }
}
