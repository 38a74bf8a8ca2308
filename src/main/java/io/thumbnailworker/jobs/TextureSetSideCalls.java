package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ModelibrTextureSetRoutes;
import io.thumbnailworker.textures.TextureFacts;
import io.thumbnailworker.textures.TextureFile;
import io.thumbnailworker.textures.WebProxies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The best-effort calls of a texture-set job (modelibr-assets §1.5, §1.6, §4.4): the images' sizes and formats, the
 * set's extraction record, and one web proxy per texture at the server's {@code textureProxySize}. Each failure is
 * logged and the job goes on; none of them ever fails it. The image work runs on worker threads.
 */
final class TextureSetSideCalls {
  private final Vertx vertx;

  TextureSetSideCalls(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The texture metadata (skipped when no header can be read), then the extraction record. Never fails. */
  Future<Void> describe(JobRun run, ModelibrTextureSetRoutes routes, long setId, List<TextureFile> files) {
    ApiClient client = run.client();
    return vertx.executeBlocking(() -> TextureFacts.metadata(files), false)
        .compose(items -> items.isEmpty() ? Future.succeededFuture(new JsonObject())
            : client.call(routes.textureMetadata(setId, items)))
        .otherwise(err -> {
          run.log.warn("Texture metadata of set {} not sent: {}", setId, Errors.oneLine(err));
          return null;
        })
        .compose(v -> vertx.executeBlocking(() -> TextureFacts.extraction(files), false))
        .compose(record -> client.call(routes.extraction(setId, record)))
        .<Void>mapEmpty()
        .otherwise(err -> {
          run.log.warn("Extraction record of set {} not sent: {}", setId, Errors.oneLine(err));
          return null;
        });
  }

  /** One proxy per texture, one after the other, at the size {@code GET /settings} names (512 when it cannot be read). */
  Future<Void> proxies(JobRun run, ModelibrTextureSetRoutes routes, long setId, List<TextureFile> files) {
    run.stage = "web proxies";
    ApiClient client = run.client();
    Future<Integer> size = client.getJson(routes.settingsPath()).map(routes::proxySize).otherwise(err -> routes.proxySize(new JsonObject()));
    return size.compose(n -> {
      Future<Void> chain = Future.succeededFuture();
      for (TextureFile f : files) chain = chain.compose(v -> proxy(run, routes, setId, f, n));
      return chain;
    });
  }

  private Future<Void> proxy(JobRun run, ModelibrTextureSetRoutes routes, long setId, TextureFile f, int size) {
    if (run.control.isCancelled()) return Future.succeededFuture();
    return vertx.executeBlocking(() -> WebProxies.make(f, size), false)
        .compose(made -> made.isEmpty() ? Future.<Void>succeededFuture() : send(run, routes, setId, f, size, made.get()))
        .otherwise(err -> {
          run.log.warn("Web proxy of texture {} not sent: {}", f.textureId(), Errors.oneLine(err));
          return null;
        });
  }

  private Future<Void> send(JobRun run, ModelibrTextureSetRoutes routes, long setId, TextureFile f, int size,
                            WebProxies.Proxy p) {
    return run.client().putFile(routes.webProxyPath(setId, f.textureId(), size), p.bytes(), p.fileName(), p.contentType())
        .onSuccess(a -> run.log.debug("Web proxy {} of texture {} stored", p.fileName(), f.textureId()))
        .mapEmpty();
  }
}
