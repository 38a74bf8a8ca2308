package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a stored file as an attachment under the name it was uploaded with ({@code Content-Disposition} with an ASCII
 * and a UTF-8 name), {@code nosniff}. With a download stall injected ({@link FaultHandler#STALL_KEY}) the headers go
 * out at once and the body only after the stall.
 */
final class FileSender {
  private static final Logger LOG = LoggerFactory.getLogger(FileSender.class);

  private final Vertx vertx;
  private final BlobStore blobs;

  FileSender(ApiStore store) {
    this.vertx = store.vertx();
    this.blobs = store.blobs();
  }

  void send(RoutingContext ctx, String hash, String name, String contentType, long size) {
    String path = blobs.path(hash).toString();
    HttpServerResponse resp = ctx.response()
        .putHeader("Content-Type", contentType)
        .putHeader("Content-Disposition", UploadNames.contentDisposition(name))
        .putHeader("X-Content-Type-Options", "nosniff");
    Long stall = ctx.get(FaultHandler.STALL_KEY);
    if (stall == null) {
      resp.sendFile(path).onFailure(e -> {
        LOG.warn("Sending {} failed: {}", ctx.request().path(), e.getMessage());
        ctx.fail(e);
      });
    } else {
      resp.putHeader("Content-Length", String.valueOf(size));
      vertx.fileSystem().open(path, new OpenOptions().setRead(true)).onSuccess(f -> resp.writeHead()
          .onComplete(v -> vertx.setTimer(stall, t -> f.pipeTo(resp))))
          .onFailure(e -> resp.reset());
    }
  }

  void send(RoutingContext ctx, FileQueries.StoredFile f) {
    send(ctx, f.hash(), f.name(), f.contentType(), f.sizeBytes());
  }
}
