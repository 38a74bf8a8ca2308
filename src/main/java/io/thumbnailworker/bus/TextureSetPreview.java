package io.thumbnailworker.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The parameters of a {@code textureSet} render ({@link RenderRequest#preview()}): the shape it is shown on
 * ({@code plane}, {@code sphere}, {@code box}, {@code cylinder}, {@code torus}; anything else is a plane), how many
 * times its maps repeat across the shape, and its maps, each an image on disk read through one channel.
 */
public record TextureSetPreview(String geometry, double uvScale, List<TextureMap> maps) {
  public TextureSetPreview {
    geometry = geometry == null ? "plane" : geometry;
    uvScale = uvScale > 0 && Double.isFinite(uvScale) ? uvScale : 1;
    maps = maps == null ? List.of() : List.copyOf(maps);
  }

  public JsonObject toJson() {
    return new JsonObject().put("geometry", geometry).put("uvScale", uvScale)
        .put("maps", new JsonArray(maps.stream().map(TextureMap::toJson).toList()));
  }

  /** @throws IllegalArgumentException when a map is malformed */
  public static TextureSetPreview fromJson(JsonObject j) {
    JsonArray maps = j.getJsonArray("maps", new JsonArray());
    return new TextureSetPreview(j.getString("geometry"), j.getDouble("uvScale", 1.0),
        maps.stream().map(o -> TextureMap.fromJson((JsonObject) o)).toList());
  }
}
