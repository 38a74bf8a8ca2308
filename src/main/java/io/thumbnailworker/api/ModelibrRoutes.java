package io.thumbnailworker.api;

import io.thumbnailworker.backend.ModelibrContract;

import io.thumbnailworker.api.multipart.MultipartUpload;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import static io.thumbnailworker.api.RouteTable.Access.KEY;
import static io.thumbnailworker.api.RouteTable.Access.OPEN;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * Every route of Modelibr's contract (docs/modelibr.md, modelibr-assets.md), and our routes that create the assets its
 * jobs are about, in one table over the same store as the spec contract. Modelibr keys only its uploads and a
 * version's side data; job routes, settings, file downloads and the hub ({@link ModelibrHub}) are open. Of the paths
 * both contracts define, this table declares {@code GET /health} and {@code GET /models/{id}/file} only when the spec
 * is not spoken too, and {@code POST /models/{id}/thumbnail/upload} always: with the spec alongside, a request naming
 * {@code ?versionId=} is taken in Modelibr's form, any other in the spec's.
 */
final class ModelibrRoutes implements ContractRoutes {
  private final ApiProfile profile;
  private final ModelibrHub hub;
  private final ModelibrJobHandlers jobs;
  private final SettingsHandlers settings;
  private final VersionHandlers versions;
  private final ModelibrThumbnailUpload thumbnails;
  private final ThumbnailHandlers specThumbnails;
  private final ModelHandlers models;
  private final SoundHandlers sounds;
  private final TextureSetHandlers textureSets;
  private final EnvironmentMapHandlers environmentMaps;
  private final TextureSetSideHandlers textureSetSide;
  private final ExtractionJobHandlers extraction;
  private final Handler<RoutingContext> json = BodyHandler.create(false).setBodyLimit(1024 * 1024);
  /** A scene graph lists every part of a model: thousands of parts take several MiB. */
  private final Handler<RoutingContext> sceneGraphJson = BodyHandler.create(false).setBodyLimit(16 * 1024 * 1024);
  private final Handler<RoutingContext> imageUpload;
  private final Handler<RoutingContext> assetUpload;

  ModelibrRoutes(ApiStore store) {
    ApiOptions options = store.options();
    profile = options.profile();
    hub = new ModelibrHub(store);
    jobs = new ModelibrJobHandlers(store);
    settings = new SettingsHandlers(store);
    versions = new VersionHandlers(store);
    thumbnails = new ModelibrThumbnailUpload(store);
    specThumbnails = new ThumbnailHandlers(store);
    models = new ModelHandlers(store);
    sounds = new SoundHandlers(store);
    textureSets = new TextureSetHandlers(store);
    environmentMaps = new EnvironmentMapHandlers(store);
    textureSetSide = new TextureSetSideHandlers(store);
    extraction = new ExtractionJobHandlers(store);
    // twice the thumbnail limit streams in, so a file just over it gets Modelibr's 400 rather than a 413
    imageUpload = MultipartUpload.handler(store.vertx(), store.blobs().scratchDir(), 2 * options.maxThumbnailBytes(), "the image upload");
    assetUpload = MultipartUpload.handler(store.vertx(), store.blobs().scratchDir(), options.maxModelBytes(), 64, "the asset upload");
  }

  @Override
  public void declare(RouteTable t) {
    declareModelibr(t);
    declareOurs(t);
  }

  /** Modelibr's worker contract. */
  private void declareModelibr(RouteTable t) {
    t.add(POST, "/thumbnail-jobs/dequeue",                        OPEN, json, jobs::dequeue);
    t.add(POST, "/thumbnail-jobs/:id/finish",                     OPEN, json, c -> jobs.finish(c, ModelibrFinish.MODEL));
    t.add(POST, "/thumbnail-jobs/sounds/:id/finish",              OPEN, json, c -> jobs.finish(c, ModelibrFinish.SOUND));
    t.add(POST, "/thumbnail-jobs/texture-sets/:id/finish",        OPEN, json, c -> jobs.finish(c, ModelibrFinish.TEXTURE_SET));
    t.add(POST, "/thumbnail-jobs/environment-maps/:id/finish",    OPEN, json, c -> jobs.finish(c, ModelibrFinish.ENVIRONMENT_MAP));
    t.add(POST, "/thumbnail-jobs/:id/events",                     OPEN, json, jobs::postEvent);
    t.add(GET,  "/settings/thumbnail-render",                     OPEN, settings::render);
    t.add(GET,  "/settings/blender-enabled",                      OPEN, SettingsHandlers::blender);
    t.add(GET,  "/settings",                                      OPEN, settings::all);
    t.add(GET,  "/models/:id/versions/:versionId/file",           OPEN, versions::versionFile);
    t.add(GET,  "/models/:id/versions/:versionId/auxiliary-files", OPEN, versions::auxiliaries);
    t.add(GET,  "/files/:fileId",                                 OPEN, versions::file);
    t.add(POST, "/models/:id/thumbnail/upload",                   KEY,  imageUpload, this::thumbnailUpload);
    t.add(POST, "/models/:id/thumbnail/png-upload",               KEY,  imageUpload, c -> thumbnails.upload(c, true));
    t.add(PUT,  "/model-versions/:versionId/technical-metadata",  KEY,  json, c -> versions.putSideData(c, "technical_metadata"));
    t.add(PUT,  "/model-versions/:versionId/material-names",      KEY,  json, c -> versions.putSideData(c, "material_names"));
    t.add(PUT,  "/model-versions/:versionId/scene-graph",         KEY,  sceneGraphJson, c -> versions.putSideData(c, "scene_graph"));
    t.add(GET,  "/sounds/:id",                                    OPEN, sounds::get);
    t.add(GET,  "/sounds/:id/file",                               OPEN, c -> sounds.file(c, "file_id"));
    t.add(POST, "/sounds/:id/waveform/upload",                    KEY,  imageUpload, sounds::waveform);
    t.add(GET,  "/texture-sets/:id",                              OPEN, textureSets::get);
    t.add(POST, "/texture-sets/:id/thumbnail/upload",             KEY,  imageUpload, c -> textureSets.thumbnail(c, false));
    t.add(POST, "/texture-sets/:id/thumbnail/png-upload",         KEY,  imageUpload, c -> textureSets.thumbnail(c, true));
    t.add(PUT,  "/texture-sets/:id/texture-metadata",             KEY,  json, textureSetSide::putMetadata);
    t.add(PUT,  "/texture-sets/:sid/textures/:tid/web-proxy",     KEY,  imageUpload, textureSetSide::putWebProxy);
    t.add(PUT,  "/assets/:assetType/:assetId/extraction",         KEY,  json, textureSetSide::putExtraction);
    t.add(GET,  "/environment-maps/:id",                          OPEN, environmentMaps::get);
    t.add(POST, "/environment-maps/:id/variants/:variantId/thumbnail/upload",     KEY, imageUpload, environmentMaps::thumbnail);
    t.add(POST, "/environment-maps/:id/variants/:variantId/thumbnail/png-upload", KEY, imageUpload, environmentMaps::thumbnail);
    t.add(POST, "/extraction-jobs/dequeue",                       KEY,  json, extraction::dequeue);
    t.add(POST, "/extraction-jobs/:id/finish",                    KEY,  json, extraction::finish);
    t.hub(ModelibrContract.HUB_PATH,                                       OPEN, hub.server());
    if (!profile.speaksSpec()) {
      t.add(GET, "/models/:id/file",                              OPEN, models::file);
      t.add(GET, "/health",                                       OPEN, ModelibrRoutes::health);
    }
  }

  /** Ours, for tools and tests: assets to render, the job queue as Modelibr names it, settings to change. */
  private void declareOurs(RouteTable t) {
    t.add(POST, "/sounds",                                        KEY,  assetUpload, sounds::create);
    t.add(GET,  "/sounds/:id/waveform",                           OPEN, c -> sounds.file(c, "waveform_file_id"));
    t.add(GET,  "/sounds",                                        KEY,  sounds::list);
    t.add(POST, "/texture-sets",                                  KEY,  assetUpload, textureSets::create);
    t.add(GET,  "/texture-sets",                                  KEY,  textureSetSide::list);
    t.add(GET,  "/texture-sets/:id/texture-metadata",             KEY,  textureSetSide::getMetadata);
    t.add(GET,  "/assets/:assetType/:assetId/extraction",         KEY,  textureSetSide::getExtractions);
    t.add(POST, "/environment-maps",                              KEY,  assetUpload, environmentMaps::create);
    t.add(GET,  "/environment-maps",                              KEY,  environmentMaps::list);
    t.add(GET,  "/thumbnail-jobs",                                KEY,  jobs::list);
    t.add(GET,  "/thumbnail-jobs/:id/events",                     KEY,  jobs::listEvents);
    t.add(POST, "/thumbnail-jobs/:id/retry",                      KEY,  jobs::retry);
    t.add(PUT,  "/settings/thumbnail-render",                     KEY,  json, settings::changeRender);
    t.add(PUT,  "/settings",                                      KEY,  json, settings::change);
    t.add(GET,  "/model-versions/:versionId",                     KEY,  versions::version);
    t.add(POST, "/extraction-jobs",                               KEY,  json, extraction::enqueue);
    t.add(GET,  "/extraction-jobs/:id",                           KEY,  extraction::get);
  }

  /** With the spec spoken too, the upload is taken in Modelibr's form only when it names {@code ?versionId=}. */
  private void thumbnailUpload(RoutingContext ctx) {
    if (profile.speaksSpec() && !ModelibrThumbnailUpload.modelibrForm(ctx)) specThumbnails.upload(ctx);
    else thumbnails.upload(ctx, false);
  }

  private static void health(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store").end("Healthy");
  }

  @Override
  public int hubClients() {
    return hub.server().connectedClients();
  }

  @Override
  public Future<Void> close() {
    return hub.server().close();
  }
}
