package io.thumbnailworker.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job queue's SQL, each statement run inside the caller's transaction (see {@link Database#tx}). State changes are
 * conditional updates whose row count is checked, so the database is the only arbiter: two workers (threads or
 * processes) can never hold the same job.
 */
final class JobQueries {
  /** Result of a fail or an expired lease: the job after the change, and whether it went back to Pending. */
  record Failure(JobRow job, boolean requeued, boolean repeated) {}

  /** Completion body fields kept on the job. */
  record Result(String thumbnailPath, Long sizeBytes, Integer width, Integer height) {}

  private static final String SELECT_JOB = "SELECT " + JobRow.COLUMNS + " FROM jobs";

  private JobQueries() {}

  /** Inserts a Pending job for a model's version, with its texture choices; returns it. */
  static JobRow insert(Connection c, Long modelId, String modelHash, JobAsset asset, int maxAttempts, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO jobs(model_id, model_hash, status, attempt_count, max_attempts, created_at, updated_at, "
            + JobAsset.COLUMNS + ") VALUES (?, ?, 'Pending', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setObject(1, modelId);
      ps.setString(2, modelHash);
      ps.setInt(3, maxAttempts);
      ps.setLong(4, now);
      ps.setLong(5, now);
      ps.setString(6, asset.assetType());
      ps.setObject(7, asset.modelVersionId());
      ps.setObject(8, asset.soundId());
      ps.setString(9, asset.soundHash());
      ps.setObject(10, asset.textureSetId());
      ps.setObject(11, asset.environmentMapId());
      ps.setObject(12, asset.environmentMapVariantId());
      ps.setObject(13, asset.defaultTextureSetId());
      ps.setString(14, asset.mainVariantName());
      ps.setString(15, asset.textureMappings().isEmpty() ? null : asset.textureMappings().encode());
      ps.executeUpdate();
      return job(c, generatedKey(ps)).orElseThrow();
    }
  }

  static long generatedKey(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) throw new SQLException("no generated key");
      return keys.getLong(1);
    }
  }

  static Optional<JobRow> job(Connection c, long id) throws SQLException {
    return jobWhere(c, " WHERE id = ?", id);
  }

  /** The job, locked for the rest of the transaction; 404 when there is none. */
  static JobRow jobForUpdate(Connection c, long id) throws SQLException {
    return findForUpdate(c, id).orElseThrow(() -> ApiException.notFound("job " + id + " does not exist"));
  }

  /** The job, locked for the rest of the transaction, or empty. */
  static Optional<JobRow> findForUpdate(Connection c, long id) throws SQLException {
    return jobWhere(c, " WHERE id = ? FOR UPDATE", id);
  }

  private static Optional<JobRow> jobWhere(Connection c, String where, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_JOB + where)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(JobRow.read(rs)) : Optional.empty();
      }
    }
  }

  static List<JobRow> jobs(Connection c, String status, int limit) throws SQLException {
    List<JobRow> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_JOB
        + (status == null ? "" : " WHERE status = ?") + " ORDER BY id LIMIT ?")) {
      int i = 1;
      if (status != null) ps.setString(i++, status);
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(JobRow.read(rs));
      }
    }
    return out;
  }

  /**
   * Marks an InProgress job Completed. Repeating the same completion is answered with the completed job; naming a
   * worker other than the holder, or completing a job that is not InProgress, is a 409.
   */
  static JobRow complete(Connection c, long id, String workerId, Result result, long now) throws SQLException {
    JobRow job = jobForUpdate(c, id);
    if (job.status().equals(JobRow.COMPLETED)) {
      if (workerId == null || workerId.equals(job.assignedWorkerId())) return job;    // idempotent repeat
      throw ApiException.conflict("job " + id + " was already completed by worker " + job.assignedWorkerId());
    }
    if (!job.status().equals(JobRow.IN_PROGRESS)) {
      throw ApiException.conflict("job " + id + " is " + job.status() + ", not InProgress; only a claimed job can be completed");
    }
    requireHolder(job, workerId);
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET status = 'Completed', completed_at = ?, updated_at = ?, lease_expires_at = NULL, "
            + "error_message = NULL, result_path = ?, result_size = ?, result_width = ?, result_height = ? "
            + "WHERE id = ? AND status = 'InProgress'")) {
      ps.setLong(1, now);
      ps.setLong(2, now);
      ps.setString(3, result.thumbnailPath());
      ps.setObject(4, result.sizeBytes());
      ps.setObject(5, result.width());
      ps.setObject(6, result.height());
      ps.setLong(7, id);
      if (ps.executeUpdate() != 1) throw ApiException.conflict("job " + id + " changed while it was being completed");
    }
    return job(c, id).orElseThrow();
  }

  /**
   * Records a failed attempt of an InProgress job: back to Pending while attempts remain, else Failed. Repeating the
   * same failure (same worker, same message) after it was recorded is answered with the job as it is now.
   */
  static Failure fail(Connection c, long id, String workerId, String message, long now) throws SQLException {
    JobRow job = jobForUpdate(c, id);
    if (!job.status().equals(JobRow.IN_PROGRESS)) {
      boolean repeat = job.failedAt() != null && Objects.equals(job.errorMessage(), message)
          && (workerId == null || workerId.equals(job.lastWorkerId()))
          && (job.status().equals(JobRow.PENDING) || job.status().equals(JobRow.FAILED));
      if (repeat) return new Failure(job, job.status().equals(JobRow.PENDING), true);
      throw ApiException.conflict("job " + id + " is " + job.status() + ", not InProgress; only a claimed job can be failed");
    }
    requireHolder(job, workerId);
    return recordFailure(c, job, message, now);
  }

  /** A call naming a worker must name the job's holder; one naming none is accepted. */
  private static void requireHolder(JobRow job, String workerId) {
    if (workerId != null && !workerId.equals(job.assignedWorkerId())) {
      throw ApiException.conflict("job " + job.id() + " is held by worker " + job.assignedWorkerId() + ", not " + workerId);
    }
  }

  static Failure recordFailure(Connection c, JobRow job, String message, long now) throws SQLException {
    boolean requeue = job.attemptCount() < job.maxAttempts();
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET status = ?, failed_at = ?, updated_at = ?, error_message = ?, last_worker_id = assigned_worker_id, "
            + "assigned_worker_id = NULL, assigned_at = NULL, lease_expires_at = NULL "
            + "WHERE id = ? AND status = 'InProgress' AND assigned_worker_id = ?")) {
      ps.setString(1, requeue ? JobRow.PENDING : JobRow.FAILED);
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setString(4, truncate(message, 4000));
      ps.setLong(5, job.id());
      ps.setString(6, job.assignedWorkerId());
      if (ps.executeUpdate() != 1) throw ApiException.conflict("job " + job.id() + " changed while it was being failed");
    }
    return new Failure(job(c, job.id()).orElseThrow(), requeue, false);
  }

  /** Puts a job that is not InProgress back to Pending with its attempts reset. */
  static JobRow retry(Connection c, long id, long now) throws SQLException {
    JobRow job = jobForUpdate(c, id);
    if (job.status().equals(JobRow.IN_PROGRESS)) {
      throw ApiException.conflict("job " + id + " is InProgress with worker " + job.assignedWorkerId() + "; it cannot be retried now");
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET status = 'Pending', attempt_count = 0, updated_at = ?, error_message = NULL, completed_at = NULL, "
            + "failed_at = NULL, assigned_worker_id = NULL, assigned_at = NULL, lease_expires_at = NULL WHERE id = ?")) {
      ps.setLong(1, now);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
    return job(c, id).orElseThrow();
  }

  /**
   * Marks the job acknowledged over the hub and, as a sign of life from its holder, extends its lease
   * ({@link #extendLease}); false when {@code workerId} does not hold it.
   */
  static boolean acknowledge(Connection c, long id, String workerId, long now, long lockMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET acknowledged_at = ? WHERE id = ? AND status = 'InProgress' AND assigned_worker_id = ?")) {
      ps.setLong(1, now);
      ps.setLong(2, id);
      ps.setString(3, workerId);
      if (ps.executeUpdate() != 1) return false;
    }
    extendLease(c, id, workerId, now, lockMs);
    return true;
  }

  /**
   * The holder is alive: its lease now runs {@code lockMs} from {@code now}. A lease that already ran out is not
   * revived (the job may be on its way to another worker); a call from anyone but the holder changes nothing.
   */
  static boolean extendLease(Connection c, long id, String workerId, long now, long lockMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET lease_expires_at = ? WHERE id = ? "
        + "AND status = 'InProgress' AND assigned_worker_id = ? AND lease_expires_at >= ? AND lease_expires_at < ?")) {
      ps.setLong(1, now + lockMs);
      ps.setLong(2, id);
      ps.setString(3, workerId);
      ps.setLong(4, now);
      ps.setLong(5, now + lockMs);
      return ps.executeUpdate() == 1;
    }
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
