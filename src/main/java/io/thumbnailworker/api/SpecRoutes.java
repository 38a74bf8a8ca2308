package io.thumbnailworker.api;

import io.thumbnailworker.Version;
import io.thumbnailworker.api.hub.HubServer;
import io.thumbnailworker.api.multipart.MultipartUpload;
import io.thumbnailworker.backend.SpecContract;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;

import static io.thumbnailworker.api.RouteTable.Access.KEY;
import static io.thumbnailworker.api.RouteTable.Access.OPEN;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * Every route of the spec contract (design §2), and its job listing and retry for people and tools, in one table.
 * Its hub, at {@link SpecContract#HUB_PATH}, announces model jobs as {@link SpecHubEvents} shapes them and takes
 * {@code AcknowledgeJob}. With Modelibr's contract spoken too, {@link ModelibrRoutes} serves
 * {@code POST /models/{id}/thumbnail/upload} and hands this contract's form of it to the same {@link ThumbnailHandlers}.
 */
final class SpecRoutes implements ContractRoutes {
  private final ApiProfile profile;
  private final HubServer hub;
  private final JobHandlers jobs;
  private final ModelHandlers models;
  private final ThumbnailHandlers images;
  private final Handler<RoutingContext> json = BodyHandler.create(false).setBodyLimit(64 * 1024);
  private final Handler<RoutingContext> imageUpload;

  SpecRoutes(ApiStore store) {
    ApiOptions options = store.options();
    profile = options.profile();
    jobs = new JobHandlers(store);
    models = new ModelHandlers(store);
    images = new ThumbnailHandlers(store);
    imageUpload = MultipartUpload.handler(store.vertx(), store.blobs().scratchDir(), options.maxThumbnailBytes(), "the image upload");
    hub = new HubServer(store.vertx(), options.hubSettings());
    hub.method("AcknowledgeJob", 1, (args, caller) -> jobs.acknowledge(args));
    store.events().add(new SpecHubEvents(hub));
  }

  @Override
  public void declare(RouteTable t) {
    // design §2: what a worker calls
    t.add(POST, "/api/thumbnail-jobs/dequeue",        KEY,  json, jobs::dequeue);
    t.add(POST, "/api/thumbnail-jobs/:id/complete",   KEY,  json, jobs::complete);
    t.add(POST, "/api/thumbnail-jobs/:id/fail",       KEY,  json, jobs::fail);
    t.add(GET,  "/models/:id/file",                   KEY,  models::file);
    if (!profile.speaksModelibr()) {
      t.add(POST, "/models/:id/thumbnail/upload",     KEY,  imageUpload, images::upload);
    }
    t.add(GET,  "/health",                            OPEN, SpecRoutes::health);
    t.hub(SpecContract.HUB_PATH,                      KEY,  hub);

    // beyond the spec: for people and tools
    t.add(GET,  "/api/thumbnail-jobs",                KEY,  jobs::list);
    t.add(POST, "/api/thumbnail-jobs/:id/retry",      KEY,  jobs::retry);
  }

  @Override
  public int hubClients() {
    return hub.connectedClients();
  }

  @Override
  public Future<Void> close() {
    return hub.close();
  }

  private static void health(RoutingContext ctx) {
    HttpResponses.json(ctx, 200, new JsonObject().put("status", "healthy").put("timestamp", Instant.now().toString())
        .put("version", Version.VERSION));
  }
}
