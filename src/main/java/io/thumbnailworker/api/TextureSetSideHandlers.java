package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a worker sends about a texture set besides its thumbnails, stored so it can be read back: 🔑
 * {@code PUT /texture-sets/{id}/texture-metadata} (§1.5), 🔑 {@code PUT /texture-sets/{sid}/textures/{tid}/web-proxy}
 * (§1.6; the proxies show in {@code GET /texture-sets/{id}}), and 🔑 {@code PUT /assets/{assetType}/{assetId}/extraction}
 * (§4.4, any asset type the server takes). Ours, keyed, to read the rest back: {@code GET} of the first and the last,
 * and {@code GET /texture-sets}, every set with its previews (the gallery's texture-set cards).
 */
final class TextureSetSideHandlers {
  static final List<String> EXTRACTION_TYPES = List.of("TextureSet", "Sound", "Script", "Sprite", "EnvironmentMap");
  private static final Set<Integer> PROXY_SIZES = Set.of(256, 512, 1024, 2048);
  private static final Set<String> PROXY_EXTENSIONS = Set.of("webp", "png", "jpg", "jpeg");

  private final Database db;
  private final StoredUploads uploads;

  TextureSetSideHandlers(ApiStore store) {
    this.db = store.db();
    this.uploads = new StoredUploads(store);
  }

  /** Unknown texture ids are ignored; width/height ≤ 0 become null; format trimmed, lower case, at most 20. 204. */
  void putMetadata(RoutingContext ctx) {
    long setId = RequestParams.id(ctx, "id", "texture set");
    JsonArray items = RequestParams.jsonBody(ctx).getJsonArray("textures", new JsonArray());
    db.tx(c -> {
      if (!TextureSetQueries.exists(c, setId)) throw new ApiException(404, "TextureSet.NotFound", "texture set " + setId + " does not exist");
      for (Object o : items) {
        if (!(o instanceof JsonObject item) || !(item.getValue("textureId") instanceof Number id)) continue;
        String format = item.getValue("format") instanceof String f ? f.trim().toLowerCase(Locale.ROOT) : null;
        if (format != null && format.length() > 20) format = format.substring(0, 20);
        TextureSetSideQueries.metadata(c, setId, id.longValue(), positive(item.getValue("width")),
            positive(item.getValue("height")), format);
      }
      return null;
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else ctx.response().setStatusCode(204).end();
    });
  }

  void getMetadata(RoutingContext ctx) {
    long setId = RequestParams.id(ctx, "id", "texture set");
    db.tx(c -> {
      if (!TextureSetQueries.exists(c, setId)) throw new ApiException(404, "TextureSet.NotFound", "texture set " + setId + " does not exist");
      return new JsonObject().put("textures", TextureSetSideQueries.metadataOf(c, setId));
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** 200 {@code {textureProxyId, textureId, fileId, size}}; 400 for a bad size, an empty file or an unknown set/texture. */
  void putWebProxy(RoutingContext ctx) {
    long setId = RequestParams.id(ctx, "sid", "texture set");
    long textureId = RequestParams.id(ctx, "tid", "texture");
    int size = proxySize(ctx.request().getParam("size"));
    UploadForm.FilePart part = UploadForm.of(ctx).singleFile();
    if (part.size() == 0) throw new ApiException(400, "InvalidFile", "the proxy file is empty");
    String name = part.fileName() == null ? "" : part.fileName();
    String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (!PROXY_EXTENSIONS.contains(ext)) throw new ApiException(400, "InvalidFile", "a proxy must be .webp, .png or .jpg, got '" + name + "'");
    long now = System.currentTimeMillis();
    db.tx(c -> {
      if (!TextureSetQueries.exists(c, setId)) throw new ApiException(400, "TextureSetNotFound", "texture set " + setId + " does not exist");
      if (!TextureSetSideQueries.textureOfSet(c, setId, textureId)) {
        throw new ApiException(400, "TextureNotFound", "texture " + textureId + " is not in texture set " + setId);
      }
      return null;
    }).compose(v -> uploads.file(part, UploadNames.checkUploadName(name), null))
        .compose(f -> db.tx(c -> new JsonObject().put("textureProxyId", TextureSetSideQueries.putProxy(c, textureId, f.id(), size, now))
            .put("textureId", textureId).put("fileId", f.id()).put("size", size)))
        .onComplete(ar -> {
          if (ar.failed()) ctx.fail(ar.cause());
          else HttpResponses.json(ctx, 200, ar.result());
        });
  }

  /** Upserts the record on (type, id, versionId, fileSha256); 204. */
  void putExtraction(RoutingContext ctx) {
    String type = extractionType(ctx);
    long assetId = assetId(ctx);
    JsonObject body = RequestParams.jsonBody(ctx);
    if (!(body.getValue("fileSha256") instanceof String hash) || hash.length() != 64) {
      throw new ApiException(400, "InvalidFileHash", "fileSha256 must be a 64-character SHA-256");
    }
    Long versionId = body.getValue("versionId") instanceof Number n ? n.longValue() : null;
    Object sent = body.getValue("outcome");
    String outcome = sent instanceof String o && List.of("Complete", "Partial", "Failed").contains(o) ? o
        : body.getJsonArray("warnings", new JsonArray()).isEmpty() ? "Complete" : "Partial";
    if (!(body.getValue("schemaVersion") instanceof Number s) || s.intValue() <= 0) body.put("schemaVersion", 1);
    long now = System.currentTimeMillis();
    db.tx(c -> {
      TextureSetSideQueries.putExtraction(c, type, assetId, versionId, hash, outcome, body, now);
      return null;
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else ctx.response().setStatusCode(204).end();
    });
  }

  void getExtractions(RoutingContext ctx) {
    String type = extractionType(ctx);
    long assetId = assetId(ctx);
    db.tx(c -> new JsonObject().put("records", TextureSetSideQueries.extractions(c, type, assetId))).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** Ours: every set with its previews and newest job, for the gallery. */
  void list(RoutingContext ctx) {
    db.tx(TextureSetSideQueries::list).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  private static String extractionType(RoutingContext ctx) {
    String type = ctx.pathParam("assetType");
    if (!EXTRACTION_TYPES.contains(type)) {
      throw new ApiException(400, "UnsupportedAssetType", "asset type '" + type + "' is not one of " + EXTRACTION_TYPES);
    }
    return type;
  }

  private static long assetId(RoutingContext ctx) {
    try {
      return RequestParams.id(ctx, "assetId", "asset");
    } catch (ApiException e) {
      throw new ApiException(400, "InvalidAssetId", e.getMessage());
    }
  }

  private static int proxySize(String raw) {
    if (raw == null) throw new ApiException(400, "InvalidSize", "size is missing");
    try {
      int n = Integer.parseInt(raw);
      if (PROXY_SIZES.contains(n)) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(400, "InvalidSize", "size must be one of 256, 512, 1024, 2048, got '" + raw + "'");
  }

  private static Integer positive(Object v) {
    return v instanceof Number n && n.longValue() > 0 && n.longValue() <= Integer.MAX_VALUE ? n.intValue() : null;
  }
}
