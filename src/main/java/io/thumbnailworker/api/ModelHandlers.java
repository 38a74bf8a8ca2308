package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Models and their images: upload (single file or zip), listing, metadata, file download, thumbnail/poster upload and
 * serving. Uploads arrive on disk ({@link MultipartReader} streams them into the scratch directory), are checked, hashed and moved
 * into the content-addressed store before the database row is committed and the answer is sent.
 */
final class ModelHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHandlers.class);
  static final String STALL_KEY = "fault.stallMs";

  private final Vertx vertx;
  private final Database db;
  private final BlobStore blobs;
  private final HubServer hub;
  private final ApiOptions options;

  ModelHandlers(Vertx vertx, Database db, BlobStore blobs, HubServer hub, ApiOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.blobs = blobs;
    this.hub = hub;
    this.options = options;
  }

  /**
   * Checks what can be checked before the body is read, then lets the multipart reader stream the upload to disk: only
   * multipart bodies are accepted (a stray JSON or binary body is never buffered) and a declared Content-Length over
   * the limit is refused at once.
   */
  static Handler<RoutingContext> multipart(long maxBytes, String what, Handler<RoutingContext> body) {
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
        throw ApiException.badRequest("expected a multipart/form-data upload with a 'file' field, got Content-Type "
            + (type == null ? "(none)" : "'" + type + "'"));
      }
      String len = ctx.request().getHeader("Content-Length");
      long declared = -1;
      try {
        if (len != null) declared = Long.parseLong(len.trim());
      } catch (NumberFormatException ignored) {
        // the body handler's own limit still applies
      }
      if (declared > maxBytes + 64 * 1024) {
        throw ApiException.tooLarge(what + " is larger than the limit of " + maxBytes + " bytes");
      }
      body.handle(ctx);
    };
  }

  private static MultipartReader.FilePart fileField(RoutingContext ctx) {
    MultipartReader.Form form = ctx.get(MultipartReader.KEY);
    if (!form.otherFiles().isEmpty()) {
      throw ApiException.badRequest("send exactly one file, in the field 'file'; also got " + form.otherFiles());
    }
    if (form.file() == null) throw ApiException.badRequest("the multipart upload has no 'file' field");
    return form.file();
  }

  void uploadModel(RoutingContext ctx) {
    MultipartReader.FilePart upload = fileField(ctx);
    String name = FileNames.checkUploadName(upload.fileName());
    if (upload.size() == 0) throw ApiException.badRequest("the uploaded file '" + name + "' is empty");
    if (upload.size() > options.maxModelBytes()) {
      throw ApiException.tooLarge("the model '" + name + "' has " + upload.size() + " bytes; the limit is " + options.maxModelBytes());
    }
    Path file = upload.path();
    long size = upload.size();
    long now = System.currentTimeMillis();
    db.blocking(() -> {
      boolean zip = ZipCheck.isZip(name, file);
      if (zip) {
        ZipCheck.check(file, options.maxModelBytes());
      } else if (!ZipCheck.MODEL_EXTENSIONS.contains(FileNames.extension(name))) {
        throw ApiException.badRequest("'" + name + "' is not a supported model type; send one of "
            + ZipCheck.MODEL_EXTENSIONS + " or a .zip holding a model with its companion files");
      }
      String hash = BlobStore.sha256(file);
      blobs.put(file, hash);
      return new String[] {hash, zip ? "application/zip" : FileNames.modelContentType(name)};
    }).compose(stored -> db.tx(c -> Catalog.insertModelWithJob(c, name, stored[0], size, stored[1], options.maxAttempts(), now)))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          JobRow job = ar.result();
          LOG.info("Model {} '{}' stored ({} bytes, sha256 {}); job {} enqueued", job.modelId(), name, size, job.modelHash(), job.id());
          HttpResponses.json(ctx, 201, new JsonObject().put("id", job.modelId()).put("name", name)
              .put("hash", job.modelHash()).put("sizeBytes", size).put("jobId", job.id()));
          hub.broadcast("JobEnqueued", job.toEnqueued());
        });
  }

  void list(RoutingContext ctx) {
    int limit = ApiVerticle.limitParam(ctx, 500, 10_000);
    db.tx(c -> Catalog.models(c, limit)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  void get(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "model");
    model(id).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  private io.vertx.core.Future<JsonObject> model(long id) {
    return db.tx(c -> Catalog.model(c, id))
        .map(m -> m.orElseThrow(() -> ApiException.notFound("model " + id + " does not exist")));
  }

  /** {@code GET /models/{id}/file}: the stored bytes as an attachment, or with {@code download=false} the metadata. */
  void file(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "model");
    boolean download = !"false".equalsIgnoreCase(ctx.request().getParam("download"));
    model(id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonObject m = ar.result();
      if (!download) {
        HttpResponses.json(ctx, 200, new JsonObject().put("id", id).put("name", m.getString("name"))
            .put("hash", m.getString("hash")).put("sizeBytes", m.getLong("sizeBytes"))
            .put("contentType", m.getString("contentType")).put("uploadedAt", m.getString("uploadedAt")));
        return;
      }
      String path = blobs.path(m.getString("hash")).toString();
      HttpServerResponse resp = ctx.response()
          .putHeader("Content-Type", m.getString("contentType"))
          .putHeader("Content-Disposition", FileNames.contentDisposition(m.getString("name")))
          .putHeader("X-Content-Type-Options", "nosniff");
      Long stall = ctx.get(STALL_KEY);
      if (stall == null) {
        resp.sendFile(path).onFailure(e -> {
          LOG.warn("Sending model {} failed: {}", id, e.getMessage());
          ctx.fail(e);
        });
      } else {
        stalledSend(resp, path, m.getLong("sizeBytes"), stall);
      }
    });
  }

  /** Fault injection: headers go out at once, the body only after {@code stallMs}. */
  private void stalledSend(HttpServerResponse resp, String path, long size, long stallMs) {
    resp.putHeader("Content-Length", String.valueOf(size));
    vertx.fileSystem().open(path, new OpenOptions().setRead(true)).onSuccess(f -> resp.writeHead()
        .onComplete(v -> vertx.setTimer(stallMs, t -> f.pipeTo(resp))))
        .onFailure(e -> resp.reset());
  }

  /** {@code POST /models/{id}/thumbnail/upload}: a WebP/PNG thumbnail or a JPEG poster, judged by content. */
  void uploadThumbnail(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "model");
    MultipartReader.FilePart upload = fileField(ctx);
    String name = upload.fileName() == null ? "" : upload.fileName();
    if (!name.isEmpty()) FileNames.checkUploadName(name);
    if (upload.size() == 0) throw ApiException.badRequest("the uploaded image for model " + id + " is empty");
    if (upload.size() > options.maxThumbnailBytes()) {
      throw ApiException.tooLarge("the image for model " + id + " has " + upload.size() + " bytes; the limit is "
          + options.maxThumbnailBytes());
    }
    Integer width = dimension(ctx, "width");
    Integer height = dimension(ctx, "height");
    Path file = upload.path();
    String declared = upload.contentType();
    long size = upload.size();
    long now = System.currentTimeMillis();
    model(id).compose(m -> db.blocking(() -> {
      ImageKind kind = ImageKind.sniff(file).orElseThrow(() -> ApiException.unsupported(
          "the upload for model " + id + " is not a WebP, PNG or JPEG image (checked by its content)"));
      Optional<ImageKind> byName = ImageKind.byExtension(name);
      if (byName.isPresent() && byName.get() != kind) {
        throw ApiException.unsupported("the file '" + name + "' is named as " + byName.get().contentType
            + " but its content is " + kind.contentType);
      }
      if (declared != null && declared.startsWith("image/") && !declared.equals(kind.contentType)
          && !(kind == ImageKind.JPEG && declared.equals("image/jpg"))) {
        throw ApiException.unsupported("the upload declares " + declared + " but its content is " + kind.contentType);
      }
      String hash = BlobStore.sha256(file);
      blobs.put(file, hash);
      return new Object[] {m, kind, hash};
    })).compose(r -> {
      JsonObject m = (JsonObject) r[0];
      ImageKind kind = (ImageKind) r[1];
      String hash = (String) r[2];
      String modelHash = m.getString("hash");
      return db.tx(c -> {
        Catalog.putThumbnail(c, modelHash, kind, hash, size, width, height, now);
        return new JsonObject().put("message", (kind == ImageKind.JPEG ? "Poster" : "Thumbnail") + " stored for model " + id)
            .put("modelId", id).put("thumbnailPath", "/hashes/" + modelHash + "/" + kind.fileName)
            .put("sizeBytes", size).put("width", width).put("height", height)
            .put("contentType", kind.contentType).put("hash", hash);
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Model {}: {} stored ({} bytes)", id, ar.result().getString("thumbnailPath"), size);
      HttpResponses.json(ctx, 200, ar.result());
    });
  }

  private static Integer dimension(RoutingContext ctx, String key) {
    String v = ((MultipartReader.Form) ctx.get(MultipartReader.KEY)).field(key);
    if (v == null || v.isBlank()) return null;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > 16384) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(key + " must be an integer between 1 and 16384, got '" + v + "'");
    }
  }

  /** {@code GET /hashes/{modelHash}/{thumbnail.webp|thumbnail.png|poster.jpg}}. */
  void image(RoutingContext ctx) {
    String modelHash = ctx.pathParam("hash");
    String fileName = ctx.pathParam("file");
    Optional<ImageKind> kind = ImageKind.byFileName(fileName);
    if (!BlobStore.SHA256.matcher(modelHash).matches() || kind.isEmpty()) {
      throw ApiException.notFound("no image " + ctx.request().path());
    }
    db.tx(c -> Catalog.thumbnail(c, modelHash, fileName)).onComplete(ar -> {
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
