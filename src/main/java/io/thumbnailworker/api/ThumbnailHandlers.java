package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model's images: the thumbnail/poster upload (judged by content: WebP or PNG is the thumbnail, JPEG the poster)
 * and serving them under {@code /hashes/{modelHash}/}. Models with identical bytes share their images.
 */
final class ThumbnailHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailHandlers.class);

  /** A checked image upload: the file on disk, the names it came with and the dimensions the worker reported. */
  private record ImageUpload(Path file, String name, String declaredType, long size, Integer width, Integer height) {}

  /** An image moved into the store, for the model with {@code modelHash}. */
  private record StoredImage(String modelHash, ImageKind kind, String contentHash) {}

  private final Database db;
  private final BlobStore blobs;
  private final ApiOptions options;

  ThumbnailHandlers(ApiStore store) {
    this.db = store.db();
    this.blobs = store.blobs();
    this.options = store.options();
  }

  /** {@code POST /models/{id}/thumbnail/upload}: a WebP/PNG thumbnail or a JPEG poster. */
  void upload(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "model");
    ImageUpload up = checked(ctx, id);
    long now = System.currentTimeMillis();
    db.tx(c -> ModelQueries.model(c, id))
        .compose(model -> db.blocking(() -> store(id, model.getString("hash"), up)))
        .compose(img -> db.tx(c -> {
          ModelQueries.putImage(c, img.modelHash(), img.kind(), img.contentHash(), up.size(), up.width(), up.height(), now);
          return answer(id, img, up);
        }))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          LOG.info("Model {}: {} stored ({} bytes)", id, ar.result().getString("thumbnailPath"), up.size());
          HttpResponses.json(ctx, 200, ar.result());
        });
  }

  /** What can be checked before the content is read: name, size, width and height. */
  private ImageUpload checked(RoutingContext ctx, long id) {
    UploadForm form = UploadForm.of(ctx);
    UploadForm.FilePart upload = form.singleFile();
    String name = upload.fileName() == null ? "" : upload.fileName();
    if (!name.isEmpty()) UploadNames.checkUploadName(name);
    if (upload.size() == 0) throw ApiException.badRequest("the uploaded image for model " + id + " is empty");
    if (upload.size() > options.maxThumbnailBytes()) {
      throw ApiException.tooLarge("the image for model " + id + " has " + upload.size() + " bytes; the limit is "
          + options.maxThumbnailBytes());
    }
    return new ImageUpload(upload.path(), name, upload.contentType(), upload.size(), dimension(form, "width"),
        dimension(form, "height"));
  }

  private static Integer dimension(UploadForm form, String key) {
    String v = form.field(key);
    if (v == null || v.isBlank()) return null;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > 16384) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(key + " must be an integer between 1 and 16384, got '" + v + "'");
    }
  }

  /** Judges the image by its magic bytes (its name and declared type must agree) and moves it into the store; blocking. */
  private StoredImage store(long id, String modelHash, ImageUpload up) throws IOException {
    ImageKind kind = ImageKind.sniff(up.file()).orElseThrow(() -> ApiException.unsupported(
        "the upload for model " + id + " is not a WebP, PNG or JPEG image (checked by its content)"));
    Optional<ImageKind> byName = ImageKind.byExtension(up.name());
    if (byName.isPresent() && byName.get() != kind) {
      throw ApiException.unsupported("the file '" + up.name() + "' is named as " + byName.get().contentType
          + " but its content is " + kind.contentType);
    }
    String declared = up.declaredType();
    if (declared != null && declared.startsWith("image/") && !declared.equals(kind.contentType)
        && !(kind == ImageKind.JPEG && declared.equals("image/jpg"))) {
      throw ApiException.unsupported("the upload declares " + declared + " but its content is " + kind.contentType);
    }
    String hash = BlobStore.sha256(up.file());
    blobs.put(up.file(), hash);
    return new StoredImage(modelHash, kind, hash);
  }

  private static JsonObject answer(long id, StoredImage img, ImageUpload up) {
    return new JsonObject()
        .put("message", (img.kind() == ImageKind.JPEG ? "Poster" : "Thumbnail") + " stored for model " + id)
        .put("modelId", id).put("thumbnailPath", ImageKind.path(img.modelHash(), img.kind().fileName))
        .put("sizeBytes", up.size()).put("width", up.width()).put("height", up.height())
        .put("contentType", img.kind().contentType).put("hash", img.contentHash());
  }

  /** {@code GET /hashes/{modelHash}/{thumbnail.webp|thumbnail.png|poster.jpg}}, with an ETag. */
  void image(RoutingContext ctx) {
    String modelHash = ctx.pathParam("hash");
    String fileName = ctx.pathParam("file");
    Optional<ImageKind> kind = ImageKind.byFileName(fileName);
    if (!BlobStore.SHA256.matcher(modelHash).matches() || kind.isEmpty()) {
      throw ApiException.notFound("no image " + ctx.request().path());
    }
    db.tx(c -> ModelQueries.image(c, modelHash, fileName)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (ar.result().isEmpty()) {
        ctx.fail(ApiException.notFound("no " + fileName + " has been uploaded for model hash " + modelHash));
        return;
      }
      String contentHash = ar.result().get();
      String etag = "\"" + contentHash + "\"";
      HttpServerResponse resp = ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache")
          .putHeader("X-Content-Type-Options", "nosniff");
      if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
        resp.setStatusCode(304).end();
        return;
      }
      resp.putHeader("Content-Type", kind.get().contentType).sendFile(blobs.path(contentHash).toString())
          .onFailure(e -> {
            LOG.warn("Sending {} failed: {}", ctx.request().path(), e.getMessage());
            ctx.fail(e);
          });
    });
  }
}
