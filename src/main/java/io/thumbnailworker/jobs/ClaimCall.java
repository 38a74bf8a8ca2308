package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.DequeuedJob;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * One attempt of the dequeue call, and the reading of its answer. The call goes on the core HTTP client because a
 * claim is not idempotent: what failed before the answer's status arrived (no connection, reset, timeout) may be
 * retried like any call, but once a 200 has arrived the API has claimed a job for this worker, and a body that then
 * cannot be read (cut short, stalled past HTTP_TIMEOUT_MS, over {@link #MAX_BYTES}) fails with a {@link JobFailure},
 * which is never retried: a second dequeue would claim a second job while the first is lost.
 */
final class ClaimCall {
  /** The longest claim answer read; a job is a few hundred bytes. */
  static final int MAX_BYTES = 1 << 20;

  /** The answer's status, and its body for a 200 (null otherwise). */
  record Answer(int status, Buffer body) {}

  private ClaimCall() {}

  /** Sends {@code body} to {@code options}; {@code none} are the statuses meaning "no job waiting". */
  static Future<Answer> send(HttpClientAgent client, RequestOptions options, String call, JsonObject body, Set<Integer> none) {
    Promise<Answer> result = Promise.promise();
    client.request(options)
        .compose(req -> req.send(body == null ? Buffer.buffer() : body.toBuffer()).map(resp -> {
          received(req, resp, call, none, result);
          return resp;
        }))
        .onFailure(result::tryFail);            // before the status: a network error, retried by the caller
    return result.future();
  }

  private static void received(HttpClientRequest req, HttpClientResponse resp, String call, Set<Integer> none,
                               Promise<Answer> result) {
    int status = resp.statusCode();
    if (none.contains(status)) {
      resp.body().onComplete(b -> result.tryComplete(new Answer(status, null)));
      return;
    }
    if (status != 200) {
      resp.body().onComplete(b -> result.tryFail(new ApiStatusException(call, status,
          b.succeeded() ? b.result().toString() : null)));
      return;
    }
    Buffer body = Buffer.buffer();
    resp.exceptionHandler(err -> result.tryFail(unreadable(call, Errors.oneLine(err))));
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BYTES) {
        result.tryFail(unreadable(call, "more than " + MAX_BYTES + " bytes"));
        req.reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    resp.endHandler(v -> result.tryComplete(new Answer(200, body)));
  }

  /**
   * The job of a 200 answer. A body that is empty or not a JSON object is a {@link JobFailure}; one that names a job
   * (a numeric {@code id}, of an asset type the backend can report on) the worker cannot process is an
   * {@link UnusableJob}, so that it is failed back with the reason rather than left to its lease.
   */
  static DequeuedJob readJob(Backend backend, ApiCall call, Buffer raw) {
    if (raw.length() == 0 || raw.toString().isBlank()) throw new JobFailure(call + " answered 200 with an empty body");
    JsonObject body;
    try {
      body = raw.toJsonObject();
    } catch (RuntimeException e) {
      throw new JobFailure(call + " answered 200 with a body that is not a JSON object: " + snippet(raw.toString()));
    }
    try {
      return backend.readJob(body);
    } catch (IllegalArgumentException e) {
      String why = call + " answered " + e.getMessage() + ": " + snippet(body.encode());
      if (!(body.getValue("id") instanceof Number id)) throw new JobFailure(why);
      String type = body.getValue("assetType") instanceof String t && !t.isBlank() ? t : DequeuedJob.MODEL;
      try {
        backend.fail(id.longValue(), type, why);          // only to learn whether the type has a route to report on
      } catch (IllegalArgumentException noRoute) {
        throw new UnusableJob(null, why);
      }
      int attempt = body.getValue("attemptCount") instanceof Number n ? n.intValue() : 0;
      throw new UnusableJob(new DequeuedJob(id.longValue(), type, 0, null, attempt, body, backend), "claim: " + why);
    }
  }

  /** A body as one line of at most 300 characters, for messages. */
  private static String snippet(String body) {
    String one = body.replaceAll("\\s+", " ").trim();
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  private static JobFailure unreadable(String call, String why) {
    return new JobFailure(call + " answered 200 but its body could not be read (" + why + "); a job it claimed is "
        + "left to its lease, and the next hint or poll claims again");
  }
}
