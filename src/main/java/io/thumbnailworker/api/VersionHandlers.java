package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Modelibr's version and file routes: a version's main file and its companions, any stored file by id, and the side
 * data a worker sends for a version (technical metadata, material names, scene graph: 204, kept as sent and shown by
 * {@code GET /model-versions/{id}}, ours, for tools and tests).
 */
final class VersionHandlers {
  private final Database db;
  private final FileSender files;

  VersionHandlers(ApiStore store) {
    this.db = store.db();
    this.files = new FileSender(store);
  }

  /** {@code GET /models/{id}/versions/{versionId}/file}: the version's main file, under its original name. */
  void versionFile(RoutingContext ctx) {
    long modelId = RequestParams.id(ctx, "id", "model");
    long versionId = RequestParams.id(ctx, "versionId", "version");
    db.tx(c -> {
      FileQueries.Version v = FileQueries.version(c, modelId, versionId).orElseThrow(() -> ApiException.notFound(
          "model " + modelId + " has no version " + versionId));
      if (v.mainFileId() != null) return FileQueries.file(c, v.mainFileId()).orElseThrow();
      JsonObject m = ModelQueries.model(c, modelId);            // a model stored before files had rows
      return new FileQueries.StoredFile(0, m.getString("hash"), m.getString("name"), m.getLong("sizeBytes"),
          m.getString("contentType"), 0);
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else files.send(ctx, ar.result());
    });
  }

  /** {@code GET /models/{id}/versions/{versionId}/auxiliary-files}: {@code {modelVersionId, auxiliaries:[…]}}. */
  void auxiliaries(RoutingContext ctx) {
    long modelId = RequestParams.id(ctx, "id", "model");
    long versionId = RequestParams.id(ctx, "versionId", "version");
    db.tx(c -> {
      FileQueries.version(c, modelId, versionId).orElseThrow(() -> ApiException.notFound(
          "model " + modelId + " has no version " + versionId));
      return new JsonObject().put("modelVersionId", versionId).put("auxiliaries", FileQueries.auxiliaries(c, versionId));
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /files/{fileId}}: any stored file (companions, textures, sounds, images). */
  void file(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "fileId", "file");
    db.tx(c -> FileQueries.file(c, id).orElseThrow(() -> ApiException.notFound("file " + id + " does not exist")))
        .onComplete(ar -> {
          if (ar.failed()) ctx.fail(ar.cause());
          else files.send(ctx, ar.result());
        });
  }

  /** {@code PUT /model-versions/{id}/technical-metadata|material-names|scene-graph}: 204; 400 ModelVersionNotFound. */
  void putSideData(RoutingContext ctx, String column) {
    long versionId = RequestParams.id(ctx, "versionId", "version");
    JsonObject body = RequestParams.jsonBody(ctx);
    if (column.equals("scene_graph")) {
      Object hash = body.getValue("fileSha256");
      if (!(hash instanceof String s) || s.length() != 64) {
        throw new ApiException(400, "InvalidFileHash", "fileSha256 must be the 64-character SHA-256 of the model file");
      }
    }
    db.tx(c -> FileQueries.putSideData(c, versionId, column, body.encode())).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else if (!ar.result()) ctx.fail(new ApiException(400, "ModelVersionNotFound", "model version " + versionId + " does not exist"));
      else ctx.response().setStatusCode(204).end();
    });
  }

  /** {@code GET /model-versions/{id}}: the version and the side data workers sent for it. */
  void version(RoutingContext ctx) {
    long versionId = RequestParams.id(ctx, "versionId", "version");
    db.tx(c -> {
      FileQueries.Version v = FileQueries.version(c, versionId).orElseThrow(() -> ApiException.notFound(
          "model version " + versionId + " does not exist"));
      return FileQueries.sideData(c, versionId).orElseThrow().put("modelId", v.modelId())
          .put("versionNumber", v.number()).put("mainFileId", v.mainFileId())
          .put("auxiliaries", FileQueries.auxiliaries(c, versionId));
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }
}
