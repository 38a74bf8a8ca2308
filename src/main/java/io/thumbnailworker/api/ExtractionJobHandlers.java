package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.Set;

/**
 * Modelibr's extraction queue (modelibr-assets.md §5): dequeue and finish as the backend has them (10-minute lock,
 * 3 attempts, lease checks), plus ours for tools and tests: enqueue a job (Modelibr's only creator is an MCP tool)
 * and read one back.
 */
final class ExtractionJobHandlers {
  private static final int MAX_ATTEMPTS = 3;
  private static final int MAX_TEXT = 2_000;
  private static final Set<String> ASSET_TYPES = Set.of("Model", "Sound", "TextureSet", "EnvironmentMap", "Script", "Sprite");

  private final Database db;
  private final long lockMs;

  ExtractionJobHandlers(ApiStore store) {
    this.db = store.db();
    this.lockMs = store.options().lockTimeoutMs();
  }

  /** {@code POST /extraction-jobs/dequeue {workerId, extractorFamily}}: 200 a job, or 204. */
  void dequeue(RoutingContext ctx) {
    JsonObject body = RequestParams.jsonBody(ctx);
    String worker = workerId(body);
    String family = family(body);
    reply(ctx, db.tx(c -> ExtractionQueries.claim(c, family, worker, System.currentTimeMillis(), lockMs)), row -> {
      if (row.isEmpty()) ctx.response().setStatusCode(204).end();
      else HttpResponses.json(ctx, 200, row.get().claimJson());
    });
  }

  /** {@code POST /extraction-jobs/{id}/finish {workerId, success, errorMessage?, warningDetail?}}: 204. */
  void finish(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "extraction job");
    JsonObject body = RequestParams.jsonBody(ctx);
    String worker = workerId(body);
    boolean success = Boolean.TRUE.equals(body.getValue("success"));
    String message = RequestParams.optString(body, "errorMessage");
    String warning = RequestParams.optString(body, "warningDetail");
    if (!success && message != null && message.length() > MAX_TEXT) {
      throw new ApiException(500, "InternalServerError", "errorMessage is longer than " + MAX_TEXT + " characters");
    }
    reply(ctx, db.tx(c -> {
      ExtractionQueries.Row row = ExtractionQueries.byId(c, id, true).orElseThrow(() -> new ApiException(404,
          "ExtractionJobNotFound", "extraction job " + id + " does not exist"));
      if (row.status() != ExtractionQueries.PROCESSING) {
        throw new ApiException(400, "ExtractionJobNotClaimed", "extraction job " + id + " is not being processed");
      }
      if (!worker.equals(row.lockedBy())) {
        throw new ApiException(400, "ExtractionJobLeaseLost", "extraction job " + id + " is held by another worker");
      }
      long now = System.currentTimeMillis();
      if (success) {
        ExtractionQueries.finish(c, id, ExtractionQueries.DONE, null, cut(warning), now);
      } else {
        String why = message == null || message.isBlank() ? "Extraction failed." : message;
        int next = row.attemptCount() >= row.maxAttempts() ? ExtractionQueries.DEAD : ExtractionQueries.PENDING;
        ExtractionQueries.finish(c, id, next, why, null, now);
      }
      return true;
    }), done -> ctx.response().setStatusCode(204).end());
  }

  /**
   * Ours: {@code POST /extraction-jobs {assetType, assetId, versionId?, fileSha256?, extractorFamily?}}. A Model
   * without a version gets its latest; a job already waiting or running for the same asset is answered instead
   * (200), a new one is 201.
   */
  void enqueue(RoutingContext ctx) {
    JsonObject body = RequestParams.jsonBody(ctx);
    String type = RequestParams.optString(body, "assetType");
    if (type == null || !ASSET_TYPES.contains(type)) throw ApiException.badRequest("assetType must be one of " + ASSET_TYPES);
    Long assetId = RequestParams.optLong(body, "assetId");
    if (assetId == null || assetId <= 0) throw ApiException.badRequest("assetId must be a positive number");
    Long given = RequestParams.optLong(body, "versionId");
    String sha = RequestParams.optString(body, "fileSha256");
    String family = family(body);
    reply(ctx, db.tx(c -> {
      Long version = given;
      if (type.equals("Model")) {
        Optional<FileQueries.Version> v = given == null ? FileQueries.latestVersion(c, assetId) : FileQueries.version(c, assetId, given);
        version = v.orElseThrow(() -> ApiException.badRequest("model " + assetId + " has no such version")).id();
      }
      Optional<ExtractionQueries.Row> open = ExtractionQueries.open(c, type, assetId, version, family);
      if (open.isPresent()) return open.get().fullJson().put("created", false);
      long id = ExtractionQueries.insert(c, type, assetId, version, sha, family, MAX_ATTEMPTS, System.currentTimeMillis());
      return ExtractionQueries.byId(c, id, false).orElseThrow().fullJson().put("created", true);
    }), job -> HttpResponses.json(ctx, job.getBoolean("created") ? 201 : 200, job));
  }

  /** Ours: {@code GET /extraction-jobs/{id}}, every field and the status by name. */
  void get(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "extraction job");
    reply(ctx, db.tx(c -> ExtractionQueries.byId(c, id, false).orElseThrow(() -> new ApiException(404,
        "ExtractionJobNotFound", "extraction job " + id + " does not exist"))), row -> HttpResponses.json(ctx, 200, row.fullJson()));
  }

  private static String workerId(JsonObject body) {
    String worker = RequestParams.optString(body, "workerId");
    if (worker == null || worker.isBlank() || worker.trim().length() > 100) {
      throw new ApiException(400, "InvalidWorkerId", "workerId must be 1 to 100 characters");
    }
    return worker.trim();
  }

  private static String family(JsonObject body) {
    String family = RequestParams.optString(body, "extractorFamily");
    return family == null || family.isBlank() ? "Geometry" : family.trim();
  }

  private static String cut(String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }

  private static <T> void reply(RoutingContext ctx, Future<T> work, java.util.function.Consumer<T> ok) {
    work.onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else ok.accept(ar.result());
    });
  }
}
