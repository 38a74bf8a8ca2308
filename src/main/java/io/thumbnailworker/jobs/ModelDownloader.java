package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Streams a model file to a job's temp dir with back-pressure. Uses the core HTTP client because it tells the status
 * before any byte is written (an error body never lands in the model file), counts bytes against MAX_MODEL_BYTES while
 * streaming (Content-Length is only trusted to fail early), and aborts the request when the job is cancelled, so a
 * stalled body cannot hold a slot past JOB_TIMEOUT_MS.
 */
public final class ModelDownloader {
  /** A downloaded model: the local file and the sanitised name it was saved under. */
  public record Downloaded(Path file, String name, long bytes) {}

  private final Vertx vertx;
  private final ApiClient api;

  public ModelDownloader(Vertx vertx, ApiClient api) {
    this.vertx = vertx;
    this.api = api;
  }

  /** Downloads model {@code modelId} into {@code dir}; retried like any API call while the job is not cancelled. */
  public Future<Downloaded> download(long modelId, Path dir, long maxBytes, JobControl control) {
    Path part = dir.resolve("download.part");
    return api.retry().run("GET /models/" + modelId + "/file", () -> {
      control.check();
      return fetch(modelId, part, maxBytes, control);
    }).compose(r -> name(modelId, r.name).compose(name -> {
      Path target = dir.resolve(name);
      // plain NIO for paths that do not exist yet: Vert.x's file resolver refuses them once a JVM shutdown hook has
      // removed its cache dir, and a download finishing during a graceful shutdown must still land
      return vertx.executeBlocking(() -> Files.move(part, target, StandardCopyOption.REPLACE_EXISTING), false)
          .map(v -> new Downloaded(target, name, r.bytes));
    }));
  }

  private record Fetched(String name, long bytes) {}

  private Future<Fetched> fetch(long modelId, Path part, long maxBytes, JobControl control) {
    String call = "GET /models/" + modelId + "/file";
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(api.url("/models/" + modelId + "/file"));
    api.headers(options::putHeader, null);
    Promise<Fetched> result = Promise.promise();
    api.downloadClient().request(options).onComplete(ar -> {
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
        if (sent.failed()) {
          result.tryFail(sent.cause());
          return;
        }
        HttpClientResponse resp = sent.result();
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
        String name = FileNames.fromContentDisposition(resp.getHeader("Content-Disposition"));
        vertx.executeBlocking(() -> {          // the file exists before Vert.x opens it (see download())
              Files.newByteChannel(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING).close();
              return null;
            }, false)
            .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true)))
            .onFailure(result::tryFail)
            .onSuccess(file -> stream(req, resp, file, maxBytes, result, name));
      });
    });
    return result.future();
  }

  private void stream(HttpClientRequest req, HttpClientResponse resp, AsyncFile file, long maxBytes,
                      Promise<Fetched> result, String name) {
    long[] count = {0};
    result.future().onFailure(err -> file.close());   // on success end() below has closed it
    resp.exceptionHandler(result::tryFail);
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
    // writes still queued, and a reader started then (unzip, the renderer) saw a short or empty file
    resp.endHandler(v -> file.end().onComplete(f -> {
      if (f.failed()) result.tryFail(f.cause());
      else result.tryComplete(new Fetched(name, count[0]));
    }));
    resp.resume();
  }

  /** The name from Content-Disposition, else from the metadata call, else "model-{id}" (render then fails clearly). */
  private Future<String> name(long modelId, String fromHeader) {
    String fallback = "model-" + modelId;
    if (fromHeader != null && !FileNames.extension(fromHeader).isEmpty()) {
      return Future.succeededFuture(FileNames.sanitize(fromHeader, fallback));
    }
    return api.modelMetadata(modelId)
        .map(meta -> FileNames.sanitize(meta.getString("name"), fallback))
        .otherwise(err -> FileNames.sanitize(fromHeader, fallback));
  }

  private static JobFailure tooBig(long bytes, long max) {
    return new JobFailure("download: model is larger than MAX_MODEL_BYTES (" + (bytes > max ? "at least " : "") + bytes
        + " bytes, limit " + max + ")");
  }
}
