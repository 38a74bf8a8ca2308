package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The texture choices a model job carries to a Modelibr worker, from optional form fields of {@code POST /models}:
 * {@code textureMappings} (a JSON array of {@code {materialName, textureSetId, variantName}}), {@code defaultTextureSetId}
 * and {@code mainVariantName}. Every texture set named must exist (checked when the model is stored).
 */
record TextureChoice(Long defaultTextureSetId, String mainVariantName, JsonArray textureMappings) {
  static final TextureChoice NONE = new TextureChoice(null, "", new JsonArray());
  private static final int MAX_NAME = 255;

  /** Reads the fields; 400 naming the field that is malformed. */
  static TextureChoice parse(UploadForm form) {
    Long defaultSet = optionalId(form.field("defaultTextureSetId"), "defaultTextureSetId");
    String main = form.field("mainVariantName") == null ? "" : form.field("mainVariantName");
    if (main.length() > MAX_NAME) throw ApiException.badRequest("mainVariantName is longer than " + MAX_NAME + " characters");
    String raw = form.field("textureMappings");
    JsonArray mappings = new JsonArray();
    if (raw != null && !raw.isBlank()) {
      Object parsed;
      try {
        parsed = new JsonArray(raw);
      } catch (DecodeException | ClassCastException e) {
        throw ApiException.badRequest("textureMappings must be a JSON array of {materialName, textureSetId, variantName}");
      }
      for (Object o : (JsonArray) parsed) mappings.add(mapping(o));
    }
    return new TextureChoice(defaultSet, main, mappings);
  }

  private static JsonObject mapping(Object o) {
    if (!(o instanceof JsonObject m)) throw ApiException.badRequest("each textureMappings entry must be an object");
    Object material = m.getValue("materialName", "");
    Object variant = m.getValue("variantName", "");
    Object set = m.getValue("textureSetId");
    if (!(material instanceof String mat) || mat.length() > MAX_NAME) {
      throw ApiException.badRequest("textureMappings: materialName must be a string of at most " + MAX_NAME + " characters (\"\" = every mesh)");
    }
    if (!(variant instanceof String var) || var.length() > MAX_NAME) {
      throw ApiException.badRequest("textureMappings: variantName must be a string of at most " + MAX_NAME + " characters");
    }
    if (!(set instanceof Integer || set instanceof Long) || ((Number) set).longValue() <= 0) {
      throw ApiException.badRequest("textureMappings: textureSetId must be a positive integer, got " + set);
    }
    return new JsonObject().put("materialName", mat).put("textureSetId", ((Number) set).longValue()).put("variantName", var);
  }

  private static Long optionalId(String raw, String name) {
    if (raw == null || raw.isBlank()) return null;
    try {
      long id = Long.parseLong(raw.trim());
      if (id <= 0) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a positive integer, got '" + raw + "'");
    }
  }

  /** Every texture set the choices name. */
  Set<Long> textureSetIds() {
    Set<Long> ids = new LinkedHashSet<>();
    if (defaultTextureSetId != null) ids.add(defaultTextureSetId);
    for (Object o : textureMappings) ids.add(((JsonObject) o).getLong("textureSetId"));
    return ids;
  }
}
