package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * One row of the jobs table, and its JSON shape in the spec contract's listings (camelCase, as design §2 shows). The
 * status is stored under the spec's names; {@link ModelibrJobs} shows it under Modelibr's. {@code modelId} and
 * {@code modelHash} are null for a job about another asset type; {@code claimedVia} names the contract whose dequeue
 * claimed the job last ({@code spec}, {@code modelibr}; null before any claim); {@code finishCount} counts the
 * finishes reported through Modelibr's routes (the real server accepts repeats; a worker must not send them).
 */
record JobRow(long id, Long modelId, String modelHash, String status, int attemptCount, int maxAttempts, long createdAt,
    long updatedAt, String assignedWorkerId, Long assignedAt, Long leaseExpiresAt, String lastWorkerId,
    String errorMessage, Long completedAt, Long failedAt, String resultPath, Long resultSize, Integer resultWidth,
    Integer resultHeight, JobAsset asset, String claimedVia, int finishCount) {

  static final String PENDING = "Pending";
  static final String IN_PROGRESS = "InProgress";
  static final String COMPLETED = "Completed";
  static final String FAILED = "Failed";
  static final List<String> STATUSES = List.of(PENDING, IN_PROGRESS, COMPLETED, FAILED);

  static final String COLUMNS = "id, model_id, model_hash, status, attempt_count, max_attempts, created_at, updated_at, "
      + "assigned_worker_id, assigned_at, lease_expires_at, last_worker_id, error_message, completed_at, failed_at, "
      + "result_path, result_size, result_width, result_height, " + JobAsset.COLUMNS + ", claimed_via, finish_count";

  static JobRow read(ResultSet rs) throws SQLException {
    return new JobRow(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
        rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getObject(10, Long.class),
        rs.getObject(11, Long.class), rs.getString(12), rs.getString(13), rs.getObject(14, Long.class),
        rs.getObject(15, Long.class), rs.getString(16), rs.getObject(17, Long.class), rs.getObject(18, Integer.class),
        rs.getObject(19, Integer.class), JobAsset.read(rs, 20), rs.getString(30), rs.getInt(31));
  }

  static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  /** The HTTP shape: dequeue answer and job listings. */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("modelId", modelId)
        .put("modelHash", modelHash)
        .put("status", status)
        .put("attemptCount", attemptCount)
        .put("maxAttempts", maxAttempts)
        .put("createdAt", iso(createdAt))
        .put("updatedAt", iso(updatedAt))
        .put("assignedWorkerId", assignedWorkerId)
        .put("assignedAt", iso(assignedAt))
        .put("leaseExpiresAt", iso(leaseExpiresAt))
        .put("errorMessage", errorMessage)
        .put("completedAt", iso(completedAt))
        .put("failedAt", iso(failedAt))
        .put("thumbnailPath", resultPath)
        .put("assetType", asset.assetType())
        .put("contract", claimedVia);
  }

  boolean isModel() {
    return asset.isModel();
  }
}
