package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.thumbnailworker.backend.Payloads.number;
import static io.thumbnailworker.backend.Payloads.text;

/**
 * The contract of design §2 (the {@code spec} profile): hub {@code /hubs/thumbnail-jobs} with {@code JobEnqueued} and
 * {@code JobStatusChanged} in PascalCase or camelCase, {@code AcknowledgeJob({JobId, WorkerId})} after a claim, and
 * the {@code /api/thumbnail-jobs} routes. Every job is a model thumbnail.
 */
public final class SpecBackend implements Backend {
  static final String JOBS = "/api/thumbnail-jobs";

  @Override
  public String profile() { return "spec"; }

  @Override
  public String hubPath() { return SpecContract.HUB_PATH; }

  @Override
  public List<String> hubEvents() { return List.of("JobEnqueued", "JobStatusChanged"); }

  @Override
  public Optional<HubEvent> readHubEvent(String event, JsonObject p) {
    return Payloads.jobEvent(event, p, "updatedAt");
  }

  @Override
  public List<HubCall> onConnect(String workerId) { return List.of(); }

  @Override
  public List<HubCall> onDisconnect(String workerId) { return List.of(); }

  /** One argument, PascalCase as the spec shows it: {@code {"JobId": 123, "WorkerId": "worker-1234"}}. */
  @Override
  public HubCall acknowledge(long jobId, String workerId) {
    Map<String, Object> arg = new LinkedHashMap<>();
    arg.put("JobId", jobId);
    arg.put("WorkerId", workerId);
    return new HubCall("AcknowledgeJob", List.of(arg));
  }

  @Override
  public ApiCall dequeue(String workerId) {
    return ApiCall.post(JOBS + "/dequeue", new JsonObject().put("workerId", workerId));
  }

  /** 204, and 404 as the spec says. */
  @Override
  public Set<Integer> noJobStatuses() { return Set.of(204, 404); }

  /** A blank worker id, which the route refuses (the reference server: 400 "dequeue needs a workerId"). */
  @Override
  public ApiCall dequeueProbe() {
    return ApiCall.post(JOBS + "/dequeue", new JsonObject().put("workerId", ""));
  }

  @Override
  public DequeuedJob readJob(JsonObject body) {
    if (!(body.getValue("id") instanceof Number) || !(body.getValue("modelId") instanceof Number)) {
      throw new IllegalArgumentException("a job without a numeric id/modelId");
    }
    return new DequeuedJob(body.getLong("id"), DequeuedJob.MODEL, body.getLong("modelId"), text(body, "modelHash"),
        body.getValue("attemptCount") instanceof Number n ? n.intValue() : 0, body, this);
  }

  /** {@code leaseExpiresAt - assignedAt} of the claim answer, when both are there and read as instants. */
  @Override
  public OptionalLong leaseMs(DequeuedJob job) {
    try {
      String from = text(job.body(), "assignedAt");
      String to = text(job.body(), "leaseExpiresAt");
      if (from == null || to == null) return OptionalLong.empty();
      long ms = Instant.parse(to).toEpochMilli() - Instant.parse(from).toEpochMilli();
      return ms > 0 ? OptionalLong.of(ms) : OptionalLong.empty();
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public Optional<String> modelFilePath(DequeuedJob job) {
    return Optional.of("/models/" + job.modelId() + "/file");
  }

  /** {@code {id, name, hash, sizeBytes, contentType, uploadedAt}}. */
  @Override
  public Optional<String> modelMetadataPath(DequeuedJob job) {
    return Optional.of("/models/" + job.modelId() + "/file?download=false");
  }

  /** One route for every image type (WebP, JPEG, PNG). */
  @Override
  public String uploadPath(DequeuedJob job, String contentType) {
    return "/models/" + job.modelId() + "/thumbnail/upload";
  }

  @Override
  public ApiCall complete(long jobId, String assetType, JsonObject result) {
    return ApiCall.post(JOBS + "/" + jobId + "/complete", result);
  }

  @Override
  public ApiCall fail(long jobId, String assetType, String errorMessage) {
    return ApiCall.post(JOBS + "/" + jobId + "/fail", new JsonObject().put("errorMessage", errorMessage));
  }
}
