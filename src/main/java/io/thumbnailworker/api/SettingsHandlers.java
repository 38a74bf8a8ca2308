package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Modelibr's settings routes. The render settings a worker reads before each job ({@code size}, {@code frameCount},
 * {@code isAnimated}: 256, 30, true unless changed) and the texture proxy size are kept in the database, so every
 * profile sees one value and it survives restarts; {@code PUT /settings/thumbnail-render} and
 * {@code PUT /settings} (ours, for tools and tests) change them, validated as Modelibr validates them. Blender is never
 * installed here.
 */
final class SettingsHandlers {
  static final List<Integer> SIZES = List.of(64, 128, 256, 512, 1024, 2048);
  static final List<Integer> PROXY_SIZES = List.of(256, 512, 1024, 2048);
  private static final Map<String, String> DEFAULTS = Map.of("size", "256", "frameCount", "30", "isAnimated", "true",
      "textureProxySize", "512");

  private final Database db;
  private final ApiOptions options;

  SettingsHandlers(ApiStore store) {
    this.db = store.db();
    this.options = store.options();
  }

  /** {@code GET /settings/thumbnail-render}: {@code {size, frameCount, isAnimated}}. */
  void render(RoutingContext ctx) {
    reply(ctx, read().map(SettingsHandlers::renderJson));
  }

  /** {@code PUT /settings/thumbnail-render}: any of {@code size} (64…2048, powers of two), {@code frameCount} (1–360), {@code isAnimated}. */
  void changeRender(RoutingContext ctx) {
    JsonObject body = RequestParams.jsonBody(ctx);
    Map<String, String> changes = new HashMap<>();
    Object size = body.getValue("size");
    if (size != null) {
      if (!(size instanceof Integer n) || !SIZES.contains(n)) throw invalid("size must be one of " + SIZES + ", got " + size);
      changes.put("size", size.toString());
    }
    Object frames = body.getValue("frameCount");
    if (frames != null) {
      if (!(frames instanceof Integer n) || n < 1 || n > 360) throw invalid("frameCount must be an integer from 1 to 360, got " + frames);
      changes.put("frameCount", frames.toString());
    }
    Object animated = body.getValue("isAnimated");
    if (animated != null) {
      if (!(animated instanceof Boolean)) throw invalid("isAnimated must be true or false");
      changes.put("isAnimated", animated.toString());
    }
    reply(ctx, write(changes).map(SettingsHandlers::renderJson));
  }

  /** {@code GET /settings}: every setting, {@code maxThumbnailSizeBytes} and {@code textureProxySize} among them. */
  void all(RoutingContext ctx) {
    reply(ctx, read().map(this::allJson));
  }

  /** {@code PUT /settings}: {@code textureProxySize} (256, 512, 1024 or 2048). */
  void change(RoutingContext ctx) {
    Object proxy = RequestParams.jsonBody(ctx).getValue("textureProxySize");
    if (proxy != null && !(proxy instanceof Integer n && PROXY_SIZES.contains(n))) {
      throw invalid("textureProxySize must be one of " + PROXY_SIZES + ", got " + proxy);
    }
    reply(ctx, write(proxy == null ? Map.of() : Map.of("textureProxySize", proxy.toString())).map(this::allJson));
  }

  /** {@code GET /settings/blender-enabled}: Blender is not installed on the reference server. */
  static void blender(RoutingContext ctx) {
    HttpResponses.json(ctx, 200, new JsonObject().put("enableBlender", false).put("blenderPath", null)
        .put("settingEnabled", false).put("installed", false).put("installedVersion", null));
  }

  private static JsonObject renderJson(Map<String, String> s) {
    return new JsonObject().put("size", Integer.parseInt(s.get("size"))).put("frameCount", Integer.parseInt(s.get("frameCount")))
        .put("isAnimated", Boolean.parseBoolean(s.get("isAnimated")));
  }

  private JsonObject allJson(Map<String, String> s) {
    return new JsonObject().put("maxFileSizeBytes", options.maxModelBytes())
        .put("maxThumbnailSizeBytes", options.maxThumbnailBytes())
        .put("thumbnailSize", Integer.parseInt(s.get("size")))
        .put("thumbnailFrameCount", Integer.parseInt(s.get("frameCount")))
        .put("thumbnailIsAnimated", Boolean.parseBoolean(s.get("isAnimated")))
        .put("textureProxySize", Integer.parseInt(s.get("textureProxySize")))
        .put("enableBlender", false);
  }

  private Future<Map<String, String>> read() {
    return db.tx(SettingsHandlers::settings);
  }

  private Future<Map<String, String>> write(Map<String, String> changes) {
    return db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("MERGE INTO settings(name, setting_value) KEY (name) VALUES (?, ?)")) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setString(2, e.getValue());
          ps.executeUpdate();
        }
      }
      return settings(c);
    });
  }

  private static Map<String, String> settings(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>(DEFAULTS);
    try (PreparedStatement ps = c.prepareStatement("SELECT name, setting_value FROM settings"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getString(2));
    }
    return out;
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidSettings", message);
  }
}
