package io.thumbnailworker.api;

import io.thumbnailworker.backend.ModelibrContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Modelibr's job routes: dequeue (any asset type, the oldest first), the finish route of each asset type, the events a
 * worker posts, and for tools the job listing, a job's events and a manual retry. Every state change is passed to the
 * job-event listeners; a dequeued job carries {@code claimed_via = modelibr}, so Modelibr's lock rule applies to it
 * (see {@link JobClaims}).
 */
final class ModelibrJobHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ModelibrJobHandlers.class);

  private final Database db;
  private final JobEventListeners events;
  private final ApiOptions options;

  ModelibrJobHandlers(ApiStore store) {
    this.db = store.db();
    this.events = store.events();
    this.options = store.options();
  }

  /** {@code POST /thumbnail-jobs/dequeue {workerId}}: 200 the job, 204 none, 400 {@code InvalidWorkerId}. */
  void dequeue(RoutingContext ctx) {
    Object raw = RequestParams.jsonBody(ctx).getValue("workerId");
    if (!(raw instanceof String workerId) || workerId.isBlank() || workerId.length() > ModelibrContract.MAX_WORKER_ID_LENGTH) {
      throw new ApiException(400, "InvalidWorkerId", "workerId must be a string of 1 to 100 characters");
    }
    long now = System.currentTimeMillis();
    db.tx(c -> JobClaims.claim(c, JobClaims.MODELIBR, false, workerId, now, options.lockTimeoutMs())).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        JobClaims.log(ar.result().get(), JobClaims.MODELIBR);
        JobRow job = ar.result().get().job();
        HttpResponses.json(ctx, 200, ModelibrJobs.job(job));
        events.claimed(job);
      }
    });
  }

  /** The handler of one asset type's finish route. */
  void finish(RoutingContext ctx, ModelibrFinish route) {
    long id = RequestParams.id(ctx, "id", "job");
    ModelibrFinish.Command cmd = route.parse(RequestParams.jsonBody(ctx));
    long now = System.currentTimeMillis();
    db.tx(c -> apply(c, id, route, cmd, now)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ModelibrJobQueries.Finished f = ar.result();
      JobRow job = f.after();
      JsonObject body = new JsonObject().put("jobId", id).put("status", cmd.success() ? "Completed" : "Failed")
          .put("message", cmd.success() ? "Job " + id + " finished" : "Job " + id + " failed: "
              + ModelibrJobs.status(job.status()) + " after " + job.attemptCount() + " of " + job.maxAttempts() + " attempts");
      if (route == ModelibrFinish.ENVIRONMENT_MAP) {
        body.put("environmentMapId", job.asset().environmentMapId()).put("environmentMapVariantId",
            job.asset().environmentMapVariantId());
      }
      HttpResponses.json(ctx, 200, body);
      announce(f, cmd);
    });
  }

  private ModelibrJobQueries.Finished apply(Connection c, long id, ModelibrFinish route, ModelibrFinish.Command cmd, long now)
      throws SQLException {
    JobRow job = JobQueries.findForUpdate(c, id)
        .orElseThrow(() -> new ApiException(400, route.notFoundCode, "job " + id + " does not exist"));
    if (!route.assetType.equals(job.asset().assetType())) {
      throw new ApiException(400, "InvalidJobType", "job " + id + " is a " + job.asset().assetType() + " job; finish it on "
          + "its own route, not the " + route.assetType + " one");
    }
    if (route == ModelibrFinish.ENVIRONMENT_MAP) {
      EnvironmentMapQueries.requireVariant(c, job.asset().environmentMapId(), job.asset().environmentMapVariantId());
    }
    route.check(cmd);
    if (route == ModelibrFinish.SOUND && cmd.success()) SoundQueries.finished(c, job.asset().soundId(), cmd.sound(), now);
    if (route == ModelibrFinish.ENVIRONMENT_MAP) {
      EnvironmentMapQueries.thumbnail(c, job.asset().environmentMapVariantId(), cmd.success() ? cmd.path() : null, now);
    }
    return cmd.success() ? ModelibrJobQueries.succeed(c, job, cmd.result(), now)
        : ModelibrJobQueries.fail(c, job, cmd.errorMessage(), now);
  }

  private void announce(ModelibrJobQueries.Finished f, ModelibrFinish.Command cmd) {
    JobRow job = f.after();
    if (!f.before().status().equals(JobRow.IN_PROGRESS)) {
      LOG.warn("Job {} was finished while {} (finish #{}); Modelibr accepts this, but a worker must finish a job once, "
          + "and only while it holds it", job.id(), ModelibrJobs.status(f.before().status()), job.finishCount());
    }
    if (cmd.success()) {
      LOG.info("Job {} ({}) done, reported by {}", job.id(), job.asset().assetType(), job.assignedWorkerId());
      if (f.changed()) events.completed(job);
    } else {
      events.attemptFailed(new JobQueries.Failure(job, f.requeued(), false));
    }
  }

  /**
   * {@code POST /thumbnail-jobs/{id}/events}: stored; 200 {@code {eventId, message}}. An event sent with the
   * {@code X-Worker-Id} of the job's holder also extends its lock (a sign of life, {@link JobQueries#extendLease}).
   */
  void postEvent(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    JsonObject body = RequestParams.jsonBody(ctx);
    String type = eventField(body, "eventType", 1, 100);
    String message = eventField(body, "message", 1, 1000);
    String metadata = eventField(body, "metadata", 0, 4000);
    String error = eventField(body, "errorMessage", 0, 2000);
    String holder = ctx.request().getHeader("X-Worker-Id");
    long now = System.currentTimeMillis();
    db.tx(c -> {
      if (JobQueries.job(c, id).isEmpty()) throw new ApiException(400, "ThumbnailJobNotFound", "job " + id + " does not exist");
      if (holder != null) JobQueries.extendLease(c, id, holder, now, options.lockTimeoutMs());
      return ModelibrJobQueries.insertEvent(c, id, type, message, metadata, error, now);
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, new JsonObject().put("eventId", ar.result()).put("message", "Event logged"));
    });
  }

  private static String eventField(JsonObject body, String key, int min, int max) {
    Object v = body.getValue(key);
    if (v == null && min == 0) return null;
    if (!(v instanceof String s) || s.length() < Math.max(min, 1) || s.length() > max) {
      throw new ApiException(400, "EventLoggingFailed", key + " must be a string of " + Math.max(min, 1) + " to " + max
          + " characters" + (key.equals("metadata") ? " (a JSON document encoded as a string)" : ""));
    }
    return s;
  }

  /** {@code GET /thumbnail-jobs/{id}/events}, for tools and tests. */
  void listEvents(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    db.tx(c -> ModelibrJobQueries.events(c, id)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /thumbnail-jobs[?status=Processing&limit=1000]}: oldest first, Modelibr's status names. */
  void list(RoutingContext ctx) {
    String raw = ctx.request().getParam("status");
    String status = raw == null || raw.isBlank() ? null : ModelibrJobs.specStatus(raw);
    int limit = RequestParams.limit(ctx, 1000, 10_000);
    db.tx(c -> JobQueries.jobs(c, status, limit)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      for (JobRow j : ar.result()) out.add(ModelibrJobs.listed(j));
      HttpResponses.json(ctx, 200, out);
    });
  }

  /** {@code POST /thumbnail-jobs/{id}/retry}: back to Pending with attempts reset, announced; 409 while Processing. */
  void retry(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "job");
    db.tx(c -> JobQueries.retry(c, id, System.currentTimeMillis())).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Job {} re-queued by request", id);
      HttpResponses.json(ctx, 200, ModelibrJobs.listed(ar.result()));
      events.retried(ar.result());
    });
  }
}
