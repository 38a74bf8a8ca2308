package io.thumbnailworker.api;

import io.thumbnailworker.backend.ModelibrContract;

import io.thumbnailworker.Version;
import io.thumbnailworker.api.multipart.MultipartUpload;
import io.thumbnailworker.backend.SpecContract;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import static io.thumbnailworker.api.RouteTable.Access.KEY;
import static io.thumbnailworker.api.RouteTable.Access.OPEN;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * The routes for people and tools that every profile serves, whichever contracts it speaks: model uploads (with
 * companions and texture choices, {@link ModelUploads}), the model listing, the stored images, the gallery page, and
 * {@code GET /server-info} (which contracts and hubs this server has).
 */
final class ToolRoutes implements ContractRoutes {
  private static final int MAX_MODEL_FILES = 256;

  private final ApiOptions options;
  private final ModelUploads uploads;
  private final ModelHandlers models;
  private final ThumbnailHandlers images;
  private final Handler<RoutingContext> modelUpload;

  ToolRoutes(ApiStore store) {
    options = store.options();
    uploads = new ModelUploads(store);
    models = new ModelHandlers(store);
    images = new ThumbnailHandlers(store);
    modelUpload = MultipartUpload.handler(store.vertx(), store.blobs().scratchDir(), options.maxModelBytes(), MAX_MODEL_FILES,
        "the model upload");
  }

  @Override
  public void declare(RouteTable t) {
    t.add(POST, "/models",                            KEY,  modelUpload, uploads::upload);
    t.add(GET,  "/models",                            KEY,  models::list);
    t.add(GET,  "/models/:id",                        KEY,  models::get);
    t.add(GET,  "/hashes/:hash/:file",                KEY,  images::image);
    t.add(GET,  "/server-info",                       OPEN, this::serverInfo);
    t.add(GET,  "/",                                  OPEN, ToolRoutes::galleryPage);
    t.add(GET,  "/static/*",                          OPEN, StaticHandler.create("webroot").setCachingEnabled(false));
  }

  /** {@code {version, profile, contracts, hubs: {spec, modelibr}, apiKeyRequired}}; a hub not mounted is null. */
  private void serverInfo(RoutingContext ctx) {
    ApiProfile p = options.profile();
    JsonArray contracts = new JsonArray();
    if (p.speaksSpec()) contracts.add("spec");
    if (p.speaksModelibr()) contracts.add("modelibr");
    HttpResponses.json(ctx, 200, new JsonObject().put("version", Version.VERSION).put("profile", p.label())
        .put("contracts", contracts)
        .put("hubs", new JsonObject().put("spec", p.speaksSpec() ? SpecContract.HUB_PATH : null)
            .put("modelibr", p.speaksModelibr() ? ModelibrContract.HUB_PATH : null))
        .put("apiKeyRequired", options.apiKey() != null));
  }

  private static void galleryPage(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile("webroot/index.html").onFailure(ctx::fail);
  }
}
