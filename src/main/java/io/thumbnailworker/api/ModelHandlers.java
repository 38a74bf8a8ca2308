package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Models: listing, metadata and the main file's download (uploads are {@link ModelUploads}). */
final class ModelHandlers {
  private final Database db;
  private final FileSender files;

  ModelHandlers(ApiStore store) {
    this.db = store.db();
    this.files = new FileSender(store);
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

  /**
   * {@code GET /models/{id}/file}: the main file (of the only version a model has here) as an attachment, or with
   * {@code download=false} its metadata.
   */
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
      files.send(ctx, m.getString("hash"), m.getString("name"), m.getString("contentType"), m.getLong("sizeBytes"));
    });
  }
}
