package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job endpoints of design §2: dequeue (the atomic claim), complete, fail, retry, list, and the hub method
 * AcknowledgeJob. Every state change is passed to the job-event listeners.
 */
final class JobHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(JobHandlers.class);

  private final Database db;
  private final JobEventListeners events;
  private final ApiOptions options;

  JobHandlers(ApiStore store) {
    this.db = store.db();
    this.events = store.events();
    this.options = store.options();
  }

  void dequeue(RoutingContext ctx) {
    String workerId = RequestParams.workerId(ctx, RequestParams.jsonBody(ctx));
    if (workerId == null) throw ApiException.badRequest("dequeue needs a workerId (JSON body {\"workerId\": \"…\"} or header X-Worker-Id)");
    long now = System.currentTimeMillis();
    db.tx(c -> JobClaims.claim(c, JobClaims.SPEC, true, workerId, now, options.lockTimeoutMs())).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        JobRow job = ar.result().get().job();
        JobClaims.log(ar.result().get(), "spec");
        HttpResponses.json(ctx, 200, job.toJson());
        events.claimed(job);
      }
    });
  }

  void complete(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    JsonObject body = RequestParams.jsonBody(ctx);
    String workerId = RequestParams.workerId(ctx, body);
    JobQueries.Result result = new JobQueries.Result(RequestParams.optString(body, "thumbnailPath"),
        RequestParams.optLong(body, "sizeBytes"), RequestParams.optInt(body, "width"), RequestParams.optInt(body, "height"));
    long now = System.currentTimeMillis();
    db.tx(c -> JobQueries.complete(c, id, workerId, result, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JobRow job = ar.result();
      boolean repeat = job.completedAt() != null && job.completedAt() != now;
      HttpResponses.json(ctx, 200, new JsonObject()
          .put("message", repeat ? "Job " + id + " was already completed" : "Job " + id + " completed")
          .put("jobId", id).put("status", JobRow.COMPLETED).put("completedAt", JobRow.iso(job.completedAt())));
      if (!repeat) {
        LOG.info("Job {} completed by {}", id, job.assignedWorkerId());
        events.completed(job);
      }
    });
  }

  void fail(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    JsonObject body = RequestParams.jsonBody(ctx);
    String workerId = RequestParams.workerId(ctx, body);
    String message = RequestParams.optString(body, "errorMessage");
    String error = message == null || message.isBlank() ? "the worker gave no error message" : message;
    long now = System.currentTimeMillis();
    db.tx(c -> JobQueries.fail(c, id, workerId, error, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JobQueries.Failure f = ar.result();
      JobRow job = f.job();
      String text = f.requeued()
          ? "Job " + id + " failed (attempt " + job.attemptCount() + " of " + job.maxAttempts() + "); re-queued"
          : "Job " + id + " failed after " + job.attemptCount() + " attempt(s); no attempts left";
      HttpResponses.json(ctx, 200, new JsonObject()
          .put("message", text).put("jobId", id).put("status", JobRow.FAILED)
          .put("failedAt", JobRow.iso(job.failedAt())).put("errorMessage", job.errorMessage())
          .put("requeued", f.requeued()).put("jobStatus", job.status())
          .put("attemptCount", job.attemptCount()).put("maxAttempts", job.maxAttempts()));
      if (!f.repeated()) events.attemptFailed(f);
    });
  }

  void retry(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    long now = System.currentTimeMillis();
    db.tx(c -> JobQueries.retry(c, id, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JobRow job = ar.result();
      LOG.info("Job {} re-queued by request", id);
      HttpResponses.json(ctx, 200, job.toJson());
      events.retried(job);
    });
  }

  void list(RoutingContext ctx) {
    String raw = ctx.request().getParam("status");
    String status = raw == null || raw.isBlank() ? null : JobRow.STATUSES.stream()
        .filter(s -> s.equalsIgnoreCase(raw.trim())).findFirst()
        .orElseThrow(() -> ApiException.badRequest("unknown status '" + raw + "'; use one of " + JobRow.STATUSES));
    int limit = RequestParams.limit(ctx, 1000, 10_000);
    db.tx(c -> JobQueries.jobs(c, status, limit)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      for (JobRow j : ar.result()) out.add(j.toJson());
      HttpResponses.json(ctx, 200, out);
    });
  }

  /** Hub method AcknowledgeJob({JobId, WorkerId}): recorded on the job, and extends the holder's lease; answers void. */
  Future<Object> acknowledge(JsonArray args) {
    Object arg = args.getValue(0);
    if (!(arg instanceof JsonObject o)) return Future.failedFuture("AcknowledgeJob expects one object {JobId, WorkerId}");
    Object rawId = o.getValue("JobId") != null ? o.getValue("JobId") : o.getValue("jobId");
    Object rawWorker = o.getValue("WorkerId") != null ? o.getValue("WorkerId") : o.getValue("workerId");
    if (!(rawId instanceof Number) || !(rawWorker instanceof String worker)) {
      return Future.failedFuture("AcknowledgeJob expects {JobId: number, WorkerId: string}");
    }
    long jobId = ((Number) rawId).longValue();
    long now = System.currentTimeMillis();
    return db.tx(c -> JobQueries.acknowledge(c, jobId, worker, now, options.lockTimeoutMs())).map(matched -> {
      if (matched) LOG.info("Job {} acknowledged by {}", jobId, worker);
      else LOG.info("AcknowledgeJob for job {} from {} does not match the job's holder; ignored", jobId, worker);
      return null;
    });
  }
}
