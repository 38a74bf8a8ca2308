package io.thumbnailworker.extraction;

import io.thumbnailworker.backend.ApiCall;
import io.vertx.core.json.JsonObject;

/**
 * One claimed job of Modelibr's extraction queue ({@code POST /extraction-jobs/dequeue} answer), and the calls that
 * claim and finish such jobs (modelibr-assets.md §5).
 */
record ExtractionJob(long id, String assetType, long assetId, Long versionId, String fileSha256, int attemptCount) {
  static final String FAMILY = "Geometry";

  /** The claim call: a {@code Geometry} job for {@code workerId}. */
  static ApiCall dequeue(String workerId) {
    return ApiCall.post("/extraction-jobs/dequeue", new JsonObject().put("workerId", workerId).put("extractorFamily", FAMILY));
  }

  /** The dequeue answer as a job; null for "none waiting" (204, no body). */
  static ExtractionJob read(JsonObject body) {
    if (body == null || !(body.getValue("id") instanceof Number id)) return null;
    Object version = body.getValue("versionId");
    return new ExtractionJob(id.longValue(), body.getString("assetType", ""), body.getLong("assetId", 0L),
        version instanceof Number n ? n.longValue() : null, body.getString("fileSha256"), body.getInteger("attemptCount", 0));
  }

  ApiCall succeeded(String workerId, String warningDetail) {
    JsonObject body = new JsonObject().put("workerId", workerId).put("success", true);
    if (warningDetail != null) body.put("warningDetail", warningDetail);
    return ApiCall.post("/extraction-jobs/" + id + "/finish", body);
  }

  ApiCall failed(String workerId, String errorMessage) {
    String message = errorMessage.length() <= 2_000 ? errorMessage : errorMessage.substring(0, 1_999) + "…";
    return ApiCall.post("/extraction-jobs/" + id + "/finish",
        new JsonObject().put("workerId", workerId).put("success", false).put("errorMessage", message));
  }

  @Override
  public String toString() {
    return "extraction job " + id + " (" + assetType + " " + assetId + (versionId == null ? "" : " version " + versionId) + ")";
  }
}
