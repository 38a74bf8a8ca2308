package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one GET's body to a file with back-pressure, on the core HTTP client because it tells the status before any
 * byte is written (an error body never lands in the file). Bytes are counted against a cap while streaming
 * (Content-Length is only trusted to fail early), and the request is reset when the job is cancelled, so a stalled
 * body cannot hold a slot past the job's deadline. One attempt: {@link ApiClient} adds the route, headers and retries.
 */
final class BodyToFile {
  /** What one attempt wrote: the file name the server gave (Content-Disposition, may be null) and the byte count. */
  record Fetched(String name, long bytes) {}

  private final Vertx vertx;
  private final HttpClientAgent client;

  BodyToFile(Vertx vertx, HttpClientAgent client) {
    this.vertx = vertx;
    this.client = client;
  }

  /** {@code call} ("GET /path") names the request in error messages. */
  Future<Fetched> fetch(RequestOptions options, String call, Path part, long maxBytes, JobControl control) {
    Promise<Fetched> result = Promise.promise();
    client.request(options).onComplete(ar -> {
      if (ar.failed()) {
        result.tryFail(ar.cause());
        return;
      }
      HttpClientRequest req = ar.result();
      control.onCancel().onSuccess(v -> {
        result.tryFail(new JobFailure(control.reason()));
        req.reset(0, new JobFailure(control.reason()));
      });
      req.send().onComplete(sent -> {
        if (sent.failed()) result.tryFail(sent.cause());
        else received(req, sent.result(), call, part, maxBytes, result);
      });
    });
    return result.future();
  }

  private void received(HttpClientRequest req, HttpClientResponse resp, String call, Path part, long maxBytes,
                        Promise<Fetched> result) {
    resp.exceptionHandler(result::tryFail);     // resets (cap, cancel) end here, not in an unhandled-error log
    if (resp.statusCode() != 200) {
      resp.body().onComplete(body -> result.tryFail(new ApiStatusException(call, resp.statusCode(),
          body.succeeded() ? body.result().toString() : null)));
      return;
    }
    String declared = resp.getHeader("Content-Length");
    if (declared != null && declared.matches("\\d+") && Long.parseLong(declared) > maxBytes) {
      result.tryFail(tooBig(Long.parseLong(declared), maxBytes));
      req.reset();
      return;
    }
    resp.pause();      // nothing may arrive before the file is open
    String name = SafeFileNames.fromContentDisposition(resp.getHeader("Content-Disposition"));
    // plain NIO creates the file: Vert.x's file resolver refuses paths that do not exist yet once a JVM shutdown hook
    // has removed its cache dir, and a download finishing during a graceful shutdown must still land
    vertx.executeBlocking(() -> {
          Files.newByteChannel(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING).close();
          return null;
        }, false)
        .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true)))
        .onFailure(result::tryFail)
        .onSuccess(file -> stream(req, resp, file, maxBytes, result, name));
  }

  private void stream(HttpClientRequest req, HttpClientResponse resp, AsyncFile file, long maxBytes,
                      Promise<Fetched> result, String name) {
    long[] count = {0};
    result.future().onFailure(err -> file.close());   // on success end() below has closed it
    resp.handler(buf -> {
      count[0] += buf.length();
      if (count[0] > maxBytes) {
        resp.handler(null);
        result.tryFail(tooBig(count[0], maxBytes));
        req.reset();
        return;
      }
      file.write(buf).onFailure(result::tryFail);
      if (file.writeQueueFull()) {                // back-pressure: the disk sets the pace
        resp.pause();
        file.drainHandler(v -> resp.resume());
      }
    });
    // end() completes once every queued write is on disk and the file is closed; flush() does not wait for the
    // writes still queued, and a reader started then (unzip, the renderer) would see a short or empty file
    resp.endHandler(v -> file.end().onComplete(f -> {
      if (f.failed()) result.tryFail(f.cause());
      else result.tryComplete(new Fetched(name, count[0]));
    }));
    resp.resume();
  }

  private static JobFailure tooBig(long bytes, long max) {
    return new JobFailure("download: model is larger than MAX_MODEL_BYTES (" + (bytes > max ? "at least " : "") + bytes
        + " bytes, limit " + max + ")");
  }
}
