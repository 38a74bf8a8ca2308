package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ApiCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Sends a model job's side calls (what its import found: technical metadata, scene graph) one after the other, as
 * its backend lists them. Best effort: a refused or failed call is logged and the next one still goes; the answer
 * always succeeds, so a side call never fails the job.
 */
final class SideCalls {
  private SideCalls() {}

  static Future<Void> send(JobRun run, JsonObject sceneFacts) {
    List<ApiCall> calls = run.job().backend().modelSideCalls(run.job(), sceneFacts);
    Future<Void> chain = Future.succeededFuture();
    for (ApiCall call : calls) {
      chain = chain.compose(v -> run.client().report(call, run.cfg.workerId())
          .onSuccess(answer -> run.log.debug("Sent {}", call))
          .<Void>mapEmpty()
          .otherwise(err -> {
            run.log.warn("Side call {} not recorded: {}", call, Errors.oneLine(err));
            return null;
          }));
    }
    return chain;
  }
}
