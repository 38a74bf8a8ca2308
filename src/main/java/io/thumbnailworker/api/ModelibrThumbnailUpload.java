package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * A model's thumbnail upload in Modelibr's form, {@code POST /models/{id}/thumbnail/upload?versionId=V} and
 * {@code …/png-upload?versionId=V}: the part's own Content-Type decides (exactly {@code image/png}, {@code image/jpeg},
 * {@code image/jpg} or {@code image/webp}, without parameters; {@code png-upload} only {@code image/png}; a part
 * without a type is refused), an empty file or one over {@code maxThumbnailSizeBytes} is a 400, and the content is not
 * judged. The image is stored for the model's hash as the spec's uploads are ({@code /hashes/{hash}/thumbnail.webp},
 * {@code thumbnail.png}, {@code poster.jpg}), so the gallery shows it at once.
 */
final class ModelibrThumbnailUpload {
  private static final Logger LOG = LoggerFactory.getLogger(ModelibrThumbnailUpload.class);
  private static final Map<String, ImageKind> TYPES = Map.of("image/png", ImageKind.PNG, "image/jpeg", ImageKind.JPEG,
      "image/jpg", ImageKind.JPEG, "image/webp", ImageKind.WEBP);

  private record Checked(UploadForm.FilePart part, ImageKind kind, Integer width, Integer height, Long versionId) {}

  private final Database db;
  private final BlobStore blobs;
  private final ApiOptions options;

  ModelibrThumbnailUpload(ApiStore store) {
    this.db = store.db();
    this.blobs = store.blobs();
    this.options = store.options();
  }

  /** True when the request is in Modelibr's form: it names the version ({@code ?versionId=}). */
  static boolean modelibrForm(RoutingContext ctx) {
    return ctx.request().getParam("versionId") != null;
  }

  void upload(RoutingContext ctx, boolean png) {
    long id = RequestParams.id(ctx, "id", "model");
    Checked up = checked(ctx, png);
    long now = System.currentTimeMillis();
    db.tx(c -> {
      JsonObject model = ModelQueries.model(c, id);
      if (up.versionId() != null && FileQueries.version(c, id, up.versionId()).isEmpty()) {
        throw new ApiException(400, "ModelVersionNotFound", "model " + id + " has no version " + up.versionId());
      }
      return model.getString("hash");
    }).compose(modelHash -> db.blocking(() -> {
      String hash = BlobStore.sha256(up.part().path());
      blobs.put(up.part().path(), hash);
      return hash;
    }).compose(contentHash -> db.tx(c -> {
      ModelQueries.putImage(c, modelHash, up.kind(), contentHash, up.part().size(), up.width(), up.height(), now);
      return ImageKind.path(modelHash, up.kind().fileName);
    }))).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Model {}: {} stored by {} ({} bytes, {})", id, ar.result(), png ? "png-upload" : "upload", up.part().size(),
          up.part().contentType());
      HttpResponses.json(ctx, 200, new JsonObject().put("message", "Thumbnail uploaded for model " + id)
          .put("modelId", id).put("modelVersionId", up.versionId()).put(png ? "pngThumbnailPath" : "thumbnailPath", ar.result())
          .put("sizeBytes", up.part().size()).put("width", up.width()).put("height", up.height()));
    });
  }

  private Checked checked(RoutingContext ctx, boolean png) {
    Long versionId = versionId(ctx.request().getParam("versionId"));
    UploadForm form = UploadForm.of(ctx);
    UploadForm.FilePart part = form.singleFile();
    String type = part.contentType();
    if (type == null || type.isBlank()) {
      throw new ApiException(400, "InvalidThumbnailFormat", "the file part has no Content-Type; send image/png, image/jpeg or image/webp");
    }
    ImageKind kind = TYPES.get(type.trim().toLowerCase(Locale.ROOT));
    if (kind == null || (png && kind != ImageKind.PNG)) {
      throw new ApiException(400, "InvalidThumbnailFormat", "the file part's Content-Type '" + type + "' is not accepted here; send "
          + (png ? "image/png" : "image/png, image/jpeg, image/jpg or image/webp") + " without parameters");
    }
    if (part.size() == 0) throw new ApiException(400, "InvalidFile", "the uploaded thumbnail is empty");
    if (part.size() > options.maxThumbnailBytes()) {
      throw new ApiException(400, "FileTooLarge", "the thumbnail has " + part.size() + " bytes; maxThumbnailSizeBytes is "
          + options.maxThumbnailBytes());
    }
    return new Checked(part, kind, dimension(form, "width"), dimension(form, "height"), versionId);
  }

  private static Long versionId(String raw) {
    if (raw == null) return null;
    try {
      long v = Long.parseLong(raw.trim());
      if (v <= 0) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "ModelVersionNotFound", "versionId '" + raw + "' is not a version id");
    }
  }

  private static Integer dimension(UploadForm form, String key) {
    String v = form.field(key);
    if (v == null || v.isBlank()) return null;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(key + " must be an integer, got '" + v + "'");
    }
  }
}
