package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One image of a texture set and what it feeds: {@code type} is the backend's texture type name (Albedo, Normal,
 * AO, Roughness, Metallic, Specular, Emissive, Alpha, Glossiness, Height, Bump, Displacement) and {@code channel}
 * the part of the image that holds it (R, G, B, A, or RGB for all colour channels), so a packed
 * occlusion/roughness/metallic image appears as three maps on one file.
 */
public record TextureMap(String type, Path file, String channel) {
  public static final List<String> CHANNELS = List.of("R", "G", "B", "A", "RGB");

  public TextureMap {
    if (type == null || type.isBlank()) throw new IllegalArgumentException("texture type is missing");
    if (file == null) throw new IllegalArgumentException("texture file is missing");
    channel = channel == null || channel.isBlank() ? "RGB" : channel.toUpperCase(Locale.ROOT);
    if (!CHANNELS.contains(channel)) throw new IllegalArgumentException("texture channel '" + channel + "' is not one of " + CHANNELS);
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("file", file.toString()).put("channel", channel);
  }

  public static TextureMap fromJson(JsonObject j) {
    String file = j.getString("file");
    return new TextureMap(j.getString("type"), file == null ? null : Path.of(file), j.getString("channel"));
  }
}
