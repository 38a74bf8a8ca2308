package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The routes and payloads of Modelibr's texture-set preview jobs (modelibr-assets §1): the set read, its texture
 * metadata and extraction record put, the WebP and PNG uploads, the web proxies and the proxy size they are made at.
 * Every call but the reads needs the worker key; the finish is {@link ModelibrBackend#complete}'s.
 */
public final class ModelibrTextureSetRoutes {
  /** One texture of a set: its id, type name (as {@link ModelibrTextures} names them), channel and stored file. */
  public record Texture(long id, String type, String channel, long fileId, String fileName) {}

  /** A set as a preview needs it: its shape ({@code plane} when absent), tiling and textures, in the server's order. */
  public record PreviewSet(long id, String geometry, double uvScale, List<Texture> textures) {}

  static final Set<Integer> PROXY_SIZES = Set.of(256, 512, 1024, 2048);
  static final int DEFAULT_PROXY_SIZE = 512;

  public String setPath(long setId) {
    return "/texture-sets/" + setId;
  }

  /** Every texture with a numeric id, a known type and a file; enums as numbers or names. */
  public PreviewSet read(long setId, JsonObject set) {
    List<Texture> textures = new ArrayList<>();
    for (Object o : set.getJsonArray("textures", new JsonArray())) {
      if (!(o instanceof JsonObject t) || !(t.getValue("fileId") instanceof Number fileId)
          || !(t.getValue("id") instanceof Number id)) continue;
      String type = ModelibrTextures.type(t.getValue("textureType"));
      if (type == null) continue;
      textures.add(new Texture(id.longValue(), type, ModelibrTextures.channel(t.getValue("sourceChannel"), type),
          fileId.longValue(), t.getValue("fileName") instanceof String name ? name : null));
    }
    double uvScale = set.getValue("uvScale") instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 1;
    String geometry = set.getValue("previewGeometryType") instanceof String g ? g : "plane";
    return new PreviewSet(setId, geometry, uvScale, textures);
  }

  /** Where the server's general settings are read ({@code textureProxySize}). */
  public String settingsPath() {
    return "/settings";
  }

  /** {@code textureProxySize} when it is one of 256, 512, 1024, 2048; else 512. */
  public int proxySize(JsonObject settings) {
    return settings.getValue("textureProxySize") instanceof Number n && PROXY_SIZES.contains(n.intValue())
        ? n.intValue() : DEFAULT_PROXY_SIZE;
  }

  /** {@code PUT /texture-sets/{id}/texture-metadata {textures: [{textureId, width, height, format}]}}. */
  public ApiCall textureMetadata(long setId, JsonArray items) {
    return new ApiCall(HttpMethod.PUT, setPath(setId) + "/texture-metadata", new JsonObject().put("textures", items));
  }

  /** {@code PUT /assets/TextureSet/{id}/extraction} with the record {@code body}. */
  public ApiCall extraction(long setId, JsonObject body) {
    return new ApiCall(HttpMethod.PUT, "/assets/TextureSet/" + setId + "/extraction", body);
  }

  /** The WebP's upload route, or the PNG's. */
  public String thumbnailUploadPath(long setId, boolean png) {
    return setPath(setId) + "/thumbnail/" + (png ? "png-upload" : "upload");
  }

  /** {@code PUT} multipart {@code file}: one texture's proxy at {@code size}. */
  public String webProxyPath(long setId, long textureId, int size) {
    return setPath(setId) + "/textures/" + textureId + "/web-proxy?size=" + size;
  }
}
