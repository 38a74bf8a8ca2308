package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Models: upload (a single file or a zip), listing, metadata and file download. An upload arrives on disk (streamed
 * into the scratch directory), is checked, hashed and moved into the content-addressed store before the database row
 * is committed and the answer is sent; its new job is then announced.
 */
final class ModelHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHandlers.class);

  /** The model file as stored: its content hash and the content type it is served with. */
  private record Stored(String hash, String contentType) {}

  private final Vertx vertx;
  private final Database db;
  private final BlobStore blobs;
  private final JobEventListeners events;
  private final ApiOptions options;

  ModelHandlers(ApiStore store) {
    this.vertx = store.vertx();
    this.db = store.db();
    this.blobs = store.blobs();
    this.events = store.events();
    this.options = store.options();
  }

  /** {@code POST /models}: stores the file (deduplicated by content), inserts the model and its Pending job. */
  void upload(RoutingContext ctx) {
    UploadForm.FilePart upload = UploadForm.of(ctx).singleFile();
    String name = UploadNames.checkUploadName(upload.fileName());
    if (upload.size() == 0) throw ApiException.badRequest("the uploaded file '" + name + "' is empty");
    if (upload.size() > options.maxModelBytes()) {
      throw ApiException.tooLarge("the model '" + name + "' has " + upload.size() + " bytes; the limit is " + options.maxModelBytes());
    }
    long size = upload.size();
    long now = System.currentTimeMillis();
    db.blocking(() -> store(name, upload.path()))
        .compose(stored -> db.tx(c -> ModelQueries.insertModelWithJob(c, name, stored.hash(), size, stored.contentType(),
            options.maxAttempts(), now)))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          JobRow job = ar.result();
          LOG.info("Model {} '{}' stored ({} bytes, sha256 {}); job {} enqueued", job.modelId(), name, size, job.modelHash(), job.id());
          HttpResponses.json(ctx, 201, new JsonObject().put("id", job.modelId()).put("name", name)
              .put("hash", job.modelHash()).put("sizeBytes", size).put("jobId", job.id()));
          events.created(job);
        });
  }

  /** Checks the upload is a model (or a zip holding one) and moves it into the store; blocking. */
  private Stored store(String name, Path file) throws java.io.IOException {
    boolean zip = ZipCheck.isZip(name, file);
    if (zip) {
      ZipCheck.check(file, options.maxModelBytes());
    } else if (!ZipCheck.MODEL_EXTENSIONS.contains(UploadNames.extension(name))) {
      throw ApiException.badRequest("'" + name + "' is not a supported model type; send one of "
          + ZipCheck.MODEL_EXTENSIONS + " or a .zip holding a model with its companion files");
    }
    String hash = BlobStore.sha256(file);
    blobs.put(file, hash);
    return new Stored(hash, zip ? "application/zip" : UploadNames.modelContentType(name));
  }

  /** {@code GET /models}: newest first. */
  void list(RoutingContext ctx) {
    int limit = RequestParams.limit(ctx, 500, 10_000);
    db.tx(c -> ModelQueries.models(c, limit)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /models/{id}}. */
  void get(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "model");
    model(id).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  private Future<JsonObject> model(long id) {
    return db.tx(c -> ModelQueries.model(c, id));
  }

  /** {@code GET /models/{id}/file}: the stored bytes as an attachment, or with {@code download=false} the metadata. */
  void file(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "model");
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
          .putHeader("Content-Disposition", UploadNames.contentDisposition(m.getString("name")))
          .putHeader("X-Content-Type-Options", "nosniff");
      Long stall = ctx.get(FaultHandler.STALL_KEY);
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
}
