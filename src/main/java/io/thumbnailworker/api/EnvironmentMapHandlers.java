package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Environment maps: {@code POST /environment-maps} (ours: multipart, one panoramic {@code file} or the six cube faces
 * {@code px, nx, py, ny, pz, nz}; optional {@code name} and {@code sizeLabel}, "1K" by default; a map, its variant and
 * the variant's job), and Modelibr's {@code GET /environment-maps/{id}} and keyed variant thumbnail uploads (both
 * routes set the same variant thumbnail; the part must be a PNG, JPEG or WebP by its Content-Type).
 */
final class EnvironmentMapHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentMapHandlers.class);
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "tga", "bmp", "tif", "tiff", "exr", "hdr");
  private static final Set<String> THUMBNAIL_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp");

  private final Database db;
  private final JobEventListeners events;
  private final ApiOptions options;
  private final StoredUploads uploads;

  EnvironmentMapHandlers(ApiStore store) {
    this.db = store.db();
    this.events = store.events();
    this.options = store.options();
    this.uploads = new StoredUploads(store);
  }

  void create(RoutingContext ctx) {
    UploadForm form = UploadForm.of(ctx);
    Map<String, UploadForm.FilePart> faces = faces(form.files());
    String sizeLabel = form.field("sizeLabel") == null || form.field("sizeLabel").isBlank() ? "1K" : form.field("sizeLabel").trim();
    if (sizeLabel.length() > 16) throw ApiException.badRequest("sizeLabel is longer than 16 characters");
    String name = AssetNames.name(form, faces.values().iterator().next().fileName());
    List<String> keys = new ArrayList<>(faces.keySet());
    List<StoredUploads.Named> named = keys.stream().map(k -> new StoredUploads.Named(faces.get(k), faces.get(k).fileName())).toList();
    long now = System.currentTimeMillis();
    uploads.put(named).compose(hashes -> db.tx(c -> {
      Map<String, Long> fileIds = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        UploadForm.FilePart f = faces.get(keys.get(i));
        fileIds.put(keys.get(i), FileQueries.insertFile(c, hashes.get(i), f.fileName(), f.size(),
            UploadNames.contentType(f.fileName()), now));
      }
      JobRow job = EnvironmentMapQueries.insertWithJob(c, name, sizeLabel, fileIds, options.maxAttempts(), now);
      return new CreatedAsset(job, EnvironmentMapQueries.environmentMap(c, job.asset().environmentMapId())
          .put("jobId", job.id()));
    })).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Environment map {} '{}' stored ({}); job {} enqueued", ar.result().body().getLong("id"), name,
          faces.containsKey(EnvironmentMapQueries.PANORAMIC) ? "panoramic" : "cube", ar.result().job().id());
      HttpResponses.json(ctx, 201, ar.result().body());
      events.created(ar.result().job());
    });
  }

  /** One panoramic {@code file}, or exactly the six faces; every file of a type Modelibr accepts. */
  private static Map<String, UploadForm.FilePart> faces(List<UploadForm.FilePart> files) {
    Map<String, UploadForm.FilePart> out = new LinkedHashMap<>();
    for (UploadForm.FilePart f : files) {
      String key = f.field().equals("file") ? EnvironmentMapQueries.PANORAMIC : f.field().toLowerCase(Locale.ROOT);
      if (!key.equals(EnvironmentMapQueries.PANORAMIC) && !EnvironmentMapQueries.FACES.contains(key)) {
        throw ApiException.badRequest("unknown part '" + f.field() + "'; send one 'file' (panoramic) or px, nx, py, ny, pz, nz");
      }
      String fileName = UploadNames.checkUploadName(f.fileName());
      if (!EXTENSIONS.contains(UploadNames.extension(fileName))) {
        throw ApiException.badRequest("'" + fileName + "' is not an environment map image; send one of " + EXTENSIONS);
      }
      if (f.size() == 0) throw ApiException.badRequest("the file '" + fileName + "' is empty");
      if (out.put(key, f) != null) throw ApiException.badRequest("the part '" + f.field() + "' was sent twice");
    }
    boolean panoramic = out.size() == 1 && out.containsKey(EnvironmentMapQueries.PANORAMIC);
    if (!panoramic && !out.keySet().equals(Set.copyOf(EnvironmentMapQueries.FACES))) {
      throw ApiException.badRequest("send one panoramic 'file', or all six cube faces px, nx, py, ny, pz, nz; got " + out.keySet());
    }
    return out;
  }

  void get(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "environment map");
    db.tx(c -> EnvironmentMapQueries.environmentMap(c, id)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /environment-maps} (ours, for the gallery): every map with its preview thumbnail and job. */
  void list(RoutingContext ctx) {
    db.tx(EnvironmentMapQueries::list).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** 🔑 {@code POST /environment-maps/{id}/variants/{variantId}/thumbnail/upload} and {@code /png-upload}. */
  void thumbnail(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "environment map");
    long variantId = RequestParams.id(ctx, "variantId", "variant");
    UploadForm.FilePart part = UploadForm.of(ctx).singleFile();
    String type = part.contentType() == null ? "" : part.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!THUMBNAIL_TYPES.contains(type)) {
      throw new ApiException(400, "InvalidThumbnailFormat", "the thumbnail must be image/png, image/jpeg or image/webp, not '"
          + part.contentType() + "'");
    }
    if (part.size() == 0) throw new ApiException(400, "EnvironmentMapThumbnailUploadFailed", "the thumbnail is empty");
    long now = System.currentTimeMillis();
    db.tx(c -> {
      EnvironmentMapQueries.requireVariant(c, id, variantId);
      return variantId;
    }).compose(v -> uploads.file(part, "thumbnail." + type.substring(6), type)).compose(f -> db.tx(c -> {
      EnvironmentMapQueries.thumbnail(c, variantId, "/files/" + f.id(), now);
      return "/files/" + f.id();
    })).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Environment map {} variant {}: {} stored by {} ({} bytes, {})", id, variantId, ar.result(),
          ctx.request().path().endsWith("/png-upload") ? "png-upload" : "upload", part.size(), type);
      HttpResponses.json(ctx, 200, new JsonObject().put("message", "Thumbnail uploaded for variant " + variantId)
          .put("environmentMapId", id).put("variantId", variantId).put("thumbnailPath", ar.result()));
    });
  }
}
