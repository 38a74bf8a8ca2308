package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A route handler that streams a multipart/form-data upload to a scratch file and leaves an {@link UploadForm} on the
 * routing context. We use this instead of Vert.x Web's BodyHandler because the Netty multipart decoder under it
 * (4.2.9) stores a stray CR at the end of a file whenever a TCP segment ends between the CR and the LF before the
 * closing boundary.
 *
 * <p>What can be judged before the body is read is judged first: only multipart bodies are accepted (a stray JSON or
 * binary body is never buffered) and a declared Content-Length over the limit is refused at once. The scratch files are
 * closed and removed when the response ends or the connection is dropped, unless the upload's handler moved them into
 * the store.
 */
public final class MultipartUpload {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);
  /** Headers, boundaries and small fields that may come on top of the file within a declared Content-Length. */
  private static final long ENVELOPE_BYTES = 64 * 1024;

  private final RoutingContext ctx;
  private final MultipartParser parser;
  private final FormReceiver receiver;
  private ApiException error;

  private MultipartUpload(RoutingContext ctx, String boundary, FormReceiver receiver) {
    this.ctx = ctx;
    this.receiver = receiver;
    this.parser = new MultipartParser(boundary, receiver);
  }

  /**
   * The handler for an upload of one file, in the field {@code file}: reads the body into
   * {@link UploadForm#of(RoutingContext)} and then calls {@code ctx.next()}; errors become 400/413 through
   * {@code ctx.fail}.
   *
   * @param scratch      where the file part is written (on the store's file system, so moving it in is atomic)
   * @param maxFileBytes largest file part accepted
   * @param what         how errors name the upload, e.g. "the model upload"
   */
  public static Handler<RoutingContext> handler(Vertx vertx, Path scratch, long maxFileBytes, String what) {
    return handler(vertx, scratch, maxFileBytes, 1, what);
  }

  /**
   * The handler for an upload of up to {@code maxFiles} files, each file part stored whatever its field name, together
   * at most {@code maxTotalBytes}; as {@link #handler(Vertx, Path, long, String)} otherwise.
   */
  public static Handler<RoutingContext> handler(Vertx vertx, Path scratch, long maxTotalBytes, int maxFiles, String what) {
    return ctx -> {
      HttpServerRequest req = ctx.request();
      String type = req.getHeader("Content-Type");
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) throw notMultipart(type);
      if (declaredLength(req) > maxTotalBytes + ENVELOPE_BYTES) {
        throw ApiException.tooLarge(what + " is larger than the limit of " + maxTotalBytes + " bytes");
      }
      String boundary = boundary(type);
      if (boundary == null) throw notMultipart(type);
      FormReceiver receiver = new FormReceiver(vertx, BodyFlow.of(ctx), scratch, maxTotalBytes, maxFiles, what);
      // the response ended, or the connection was dropped (a stalled upload cut off): no scratch file outlives it
      ctx.addEndHandler(v -> receiver.discard());
      MultipartUpload upload = new MultipartUpload(ctx, boundary, receiver);
      req.handler(upload::feed);
      req.endHandler(v -> upload.finish());
      req.exceptionHandler(e -> LOG.debug("Upload {} {} cut off: {}", req.method(), req.path(), e.toString()));
      req.resume();
    };
  }

  private static ApiException notMultipart(String type) {
    return ApiException.badRequest("expected a multipart/form-data upload with a file part, got Content-Type "
        + (type == null ? "(none)" : "'" + type + "'"));
  }

  /** The boundary parameter of a multipart/form-data Content-Type, or null. */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) return null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring(9).trim();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
        return b.isEmpty() || b.length() > 200 ? null : b;
      }
    }
    return null;
  }

  /** The declared Content-Length, or -1 when absent or unreadable (the reader's own limit still applies). */
  public static long declaredLength(HttpServerRequest req) {
    String len = req.getHeader("Content-Length");
    try {
      return len == null ? -1 : Long.parseLong(len.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void feed(Buffer data) {
    if (error != null) return;                             // discard the rest; the answer is sent at the end
    try {
      parser.feed(data.getBytes());
    } catch (ApiException e) {
      error = e;
    }
  }

  private void finish() {
    receiver.closeFiles().onComplete(closed -> {
      if (error != null) {
        ctx.fail(error);
      } else if (!parser.done()) {
        ctx.fail(MultipartParser.malformed("the body ended before the closing boundary"));
      } else if (closed.failed()) {
        ctx.fail(closed.cause());
      } else {
        ctx.put(UploadForm.KEY, receiver.form());
        ctx.next();
      }
    });
  }
}
