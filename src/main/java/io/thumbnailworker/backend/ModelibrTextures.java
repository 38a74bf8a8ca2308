package io.thumbnailworker.backend;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Modelibr's texture data (modelibr-assets.md §1.1, §4.5): which texture sets a model job's materials get, and a
 * texture set's images with their types and channels. Enums arrive as numbers; names are accepted too.
 */
final class ModelibrTextures {
  /** The main variant that keeps the model's own materials. */
  static final String EMBEDDED = "__embedded__";
  /** Texture type numbers; 0 (SplitChannel) and 7 (Diffuse, removed) are not used. */
  private static final Map<Integer, String> TYPES = Map.ofEntries(Map.entry(1, "Albedo"), Map.entry(2, "Normal"),
      Map.entry(3, "Height"), Map.entry(4, "AO"), Map.entry(5, "Roughness"), Map.entry(6, "Metallic"),
      Map.entry(8, "Specular"), Map.entry(9, "Emissive"), Map.entry(10, "Bump"), Map.entry(11, "Alpha"),
      Map.entry(12, "Displacement"), Map.entry(13, "Glossiness"));
  private static final List<String> CHANNELS = List.of("R", "G", "B", "A", "RGB");   // 1..5
  private static final List<String> COLOUR_TYPES = List.of("Albedo", "Normal", "Emissive");

  private ModelibrTextures() {}

  /**
   * §4.5: the mappings of the main variant; if none, those without a variant (main named) or those of the first named
   * variant (main unnamed); if still none, the job's default set on every mesh. {@code __embedded__}: none at all.
   */
  static List<ModelAssets.TextureChoice> choose(JsonObject job) {
    String main = text(job, "mainVariantName");
    if (EMBEDDED.equals(main)) return List.of();
    List<JsonObject> mappings = new ArrayList<>();
    for (Object o : job.getJsonArray("textureMappings", new JsonArray())) {
      if (o instanceof JsonObject m && m.getValue("textureSetId") instanceof Number) mappings.add(m);
    }
    List<JsonObject> chosen = ofVariant(mappings, main);
    if (chosen.isEmpty() && !main.isEmpty()) chosen = ofVariant(mappings, "");
    if (chosen.isEmpty() && main.isEmpty()) {
      String first = mappings.stream().map(m -> text(m, "variantName")).filter(v -> !v.isEmpty()).findFirst().orElse(null);
      if (first != null) chosen = ofVariant(mappings, first);
    }
    if (!chosen.isEmpty()) {
      return chosen.stream().map(m -> new ModelAssets.TextureChoice(text(m, "materialName"), m.getLong("textureSetId"), false)).toList();
    }
    Long fallback = job.getValue("defaultTextureSetId") instanceof Number n ? n.longValue() : null;
    return fallback == null || fallback <= 0 ? List.of() : List.of(new ModelAssets.TextureChoice("", fallback, true));
  }

  private static List<JsonObject> ofVariant(List<JsonObject> mappings, String variant) {
    return mappings.stream().filter(m -> text(m, "variantName").equals(variant)).toList();
  }

  /** The set's images by type (a repeated type: the later one), tiled {@code uvScale} times (1 when absent). */
  static ModelAssets.TextureSet readSet(JsonObject set) {
    double uvScale = set.getValue("uvScale") instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 1;
    Map<String, ModelAssets.Texture> byType = new LinkedHashMap<>();
    for (Object o : set.getJsonArray("textures", new JsonArray())) {
      if (!(o instanceof JsonObject t) || !(t.getValue("fileId") instanceof Number fileId)) continue;
      String type = type(t.getValue("textureType"));
      if (type == null) continue;
      byType.put(type, new ModelAssets.Texture(type, fileId.longValue(), channel(t.getValue("sourceChannel"), type),
          t.getValue("fileName") instanceof String name ? name : null));
    }
    return new ModelAssets.TextureSet(uvScale, List.copyOf(byType.values()));
  }

  static String type(Object value) {
    if (value instanceof Number n) return TYPES.get(n.intValue());
    if (value instanceof String s) {
      return TYPES.values().stream().filter(t -> t.equalsIgnoreCase(s.trim())).findFirst().orElse(null);
    }
    return null;
  }

  /** R=1, G=2, B=3, A=4, RGB=5; absent or unknown: the type's default (RGB for colour maps, R otherwise). */
  static String channel(Object value, String type) {
    if (value instanceof Number n && n.intValue() >= 1 && n.intValue() <= CHANNELS.size()) return CHANNELS.get(n.intValue() - 1);
    if (value instanceof String s && CHANNELS.contains(s.trim().toUpperCase(Locale.ROOT))) return s.trim().toUpperCase(Locale.ROOT);
    return COLOUR_TYPES.contains(type) ? "RGB" : "R";
  }

  private static String text(JsonObject o, String field) {
    return o.getValue(field) instanceof String s ? s : "";
  }
}
