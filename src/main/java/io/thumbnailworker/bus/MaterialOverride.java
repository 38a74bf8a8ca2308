package io.thumbnailworker.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Replaces the material of every mesh whose material is named {@code materialName} (exactly; empty names every
 * mesh) with one built from a texture set's {@code maps}, tiled {@code uvScale} times. Later overrides win.
 */
public record MaterialOverride(String materialName, double uvScale, List<TextureMap> maps) {
  public MaterialOverride {
    materialName = materialName == null ? "" : materialName;
    if (!(uvScale > 0)) uvScale = 1;
    maps = List.copyOf(maps);
  }

  public JsonObject toJson() {
    return new JsonObject().put("materialName", materialName).put("uvScale", uvScale)
        .put("maps", new JsonArray(maps.stream().map(TextureMap::toJson).toList()));
  }

  public static MaterialOverride fromJson(JsonObject j) {
    List<TextureMap> maps = j.getJsonArray("maps", new JsonArray()).stream()
        .map(o -> TextureMap.fromJson((JsonObject) o)).toList();
    return new MaterialOverride(j.getString("materialName"), j.getDouble("uvScale", 1.0), maps);
  }
}
