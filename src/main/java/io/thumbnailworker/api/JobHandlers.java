package io.thumbnailworker.api;

import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The job endpoints of design §2: dequeue (the atomic claim), complete, fail, retry, list; plus the lease sweep and
 * the hub's AcknowledgeJob. Every state change is announced on the hub.
 */
final class JobHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(JobHandlers.class);
  static final String WORKER_HEADER = "X-Worker-Id";

  private final Database db;
  private final HubServer hub;
  private final ApiOptions options;
  private boolean sweeping;

  JobHandlers(Database db, HubServer hub, ApiOptions options) {
    this.db = db;
    this.hub = hub;
    this.options = options;
  }

  void dequeue(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String workerId = workerId(ctx, body);
    if (workerId == null) throw ApiException.badRequest("dequeue needs a workerId (JSON body {\"workerId\": \"…\"} or header X-Worker-Id)");
    long now = System.currentTimeMillis();
    db.tx(c -> Catalog.claim(c, workerId, now, options.lockTimeoutMs())).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        JobRow job = ar.result().get();
        LOG.info("Job {} claimed by {} (attempt {} of {})", job.id(), workerId, job.attemptCount(), job.maxAttempts());
        HttpResponses.json(ctx, 200, job.toJson());
        hub.broadcast("JobStatusChanged", job.toStatusChanged());
      }
    });
  }

  void complete(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "job");
    JsonObject body = jsonBody(ctx);
    String workerId = workerId(ctx, body);
    Catalog.Result result = new Catalog.Result(optString(body, "thumbnailPath"), optLong(body, "sizeBytes"),
        optInt(body, "width"), optInt(body, "height"));
    long now = System.currentTimeMillis();
    db.tx(c -> Catalog.complete(c, id, workerId, result, now)).onComplete(ar -> {
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
        hub.broadcast("JobStatusChanged", job.toStatusChanged());
      }
    });
  }

  void fail(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "job");
    JsonObject body = jsonBody(ctx);
    String workerId = workerId(ctx, body);
    String message = optString(body, "errorMessage");
    String error = message == null || message.isBlank() ? "the worker gave no error message" : message;
    long now = System.currentTimeMillis();
    db.tx(c -> Catalog.fail(c, id, workerId, error, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Catalog.Failure f = ar.result();
      JobRow job = f.job();
      String text = f.requeued()
          ? "Job " + id + " failed (attempt " + job.attemptCount() + " of " + job.maxAttempts() + "); re-queued"
          : "Job " + id + " failed after " + job.attemptCount() + " attempt(s); no attempts left";
      HttpResponses.json(ctx, 200, new JsonObject()
          .put("message", text).put("jobId", id).put("status", JobRow.FAILED)
          .put("failedAt", JobRow.iso(job.failedAt())).put("errorMessage", job.errorMessage())
          .put("requeued", f.requeued()).put("jobStatus", job.status())
          .put("attemptCount", job.attemptCount()).put("maxAttempts", job.maxAttempts()));
      if (!f.repeated()) announceFailure(f);
    });
  }

  private void announceFailure(Catalog.Failure f) {
    JobRow job = f.job();
    LOG.info("Job {} failed by {}: {}{}", job.id(), job.lastWorkerId(), job.errorMessage(), f.requeued() ? " (re-queued)" : " (final)");
    hub.broadcast("JobStatusChanged", job.toStatusChanged());
    if (f.requeued()) hub.broadcast("JobEnqueued", job.toEnqueued());
  }

  void retry(RoutingContext ctx) {
    long id = ApiVerticle.idParam(ctx, "id", "job");
    long now = System.currentTimeMillis();
    db.tx(c -> Catalog.retry(c, id, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JobRow job = ar.result();
      LOG.info("Job {} re-queued by request", id);
      HttpResponses.json(ctx, 200, job.toJson());
      hub.broadcast("JobStatusChanged", job.toStatusChanged());
      hub.broadcast("JobEnqueued", job.toEnqueued());
    });
  }

  void list(RoutingContext ctx) {
    String raw = ctx.request().getParam("status");
    String status = null;
    if (raw != null && !raw.isBlank()) {
      status = JobRow.STATUSES.stream().filter(s -> s.equalsIgnoreCase(raw.trim())).findFirst()
          .orElseThrow(() -> ApiException.badRequest("unknown status '" + raw + "'; use one of " + JobRow.STATUSES));
    }
    int limit = ApiVerticle.limitParam(ctx, 1000, 10_000);
    String s = status;
    db.tx(c -> Catalog.jobs(c, s, limit)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      for (JobRow j : ar.result()) out.add(j.toJson());
      HttpResponses.json(ctx, 200, out);
    });
  }

  /** Periodic: expired leases count as failed attempts; re-queued jobs are announced again. */
  void sweepLeases() {
    if (sweeping) return;
    sweeping = true;
    long now = System.currentTimeMillis();
    db.tx(c -> Catalog.expireLeases(c, now)).onComplete(ar -> {
      sweeping = false;
      if (ar.failed()) {
        LOG.warn("Lease sweep failed: {}", ar.cause().getMessage());
        return;
      }
      List<Catalog.Failure> expired = ar.result();
      for (Catalog.Failure f : expired) announceFailure(f);
    });
  }

  /** Hub method AcknowledgeJob({JobId, WorkerId}): recorded on the job; answers void. */
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
    return db.tx(c -> Catalog.acknowledge(c, jobId, worker, now)).map(matched -> {
      if (matched) LOG.info("Job {} acknowledged by {}", jobId, worker);
      else LOG.info("AcknowledgeJob for job {} from {} does not match the job's holder; ignored", jobId, worker);
      return null;
    });
  }

  // ---- request helpers ----

  /** The JSON body, {} when empty; 400 when malformed or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.length() == 0 || body.asString().isBlank()) return new JsonObject();
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(body.buffer());
      if (parsed instanceof JsonObject o) return o;
      throw ApiException.badRequest("the request body must be a JSON object");
    } catch (DecodeException e) {
      throw ApiException.badRequest("the request body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /** workerId from the body, else the X-Worker-Id header; null when neither names one. */
  static String workerId(RoutingContext ctx, JsonObject body) {
    Object v = body.getValue("workerId");
    if (v != null && !(v instanceof String)) throw ApiException.badRequest("workerId must be a string");
    String fromBody = (String) v;
    if (fromBody != null && !fromBody.isBlank()) return fromBody.trim();
    String header = ctx.request().getHeader(WORKER_HEADER);
    return header == null || header.isBlank() ? null : header.trim();
  }

  private static String optString(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof String s)) throw ApiException.badRequest(key + " must be a string");
    return s;
  }

  private static Long optLong(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof Number n) || n.longValue() < 0) throw ApiException.badRequest(key + " must be a non-negative number");
    return n.longValue();
  }

  private static Integer optInt(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof Number n) || n.intValue() < 0) throw ApiException.badRequest(key + " must be a non-negative integer");
    return n.intValue();
  }
}
