package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL behind Modelibr's finish and events routes, each statement run inside the caller's transaction. Like the real
 * server, a finish checks neither who reports it nor whether the job was already finished (a worker must not do
 * either; {@code finish_count} lets tests see it): success makes the job Done; failure puts it back to Pending while
 * {@code attemptCount < maxAttempts}, else Dead.
 */
final class ModelibrJobQueries {
  /** A finish applied: the job before and after it. */
  record Finished(JobRow before, JobRow after, boolean requeued) {
    boolean changed() {
      return !before.status().equals(after.status());
    }
  }

  private ModelibrJobQueries() {}

  static Finished succeed(Connection c, JobRow job, JobQueries.Result result, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET status = 'Completed', completed_at = ?, updated_at = ?, lease_expires_at = NULL, "
            + "error_message = NULL, result_path = ?, result_size = ?, result_width = ?, result_height = ?, "
            + "finish_count = finish_count + 1 WHERE id = ?")) {
      ps.setLong(1, now);
      ps.setLong(2, now);
      ps.setString(3, result.thumbnailPath());
      ps.setObject(4, result.sizeBytes());
      ps.setObject(5, result.width());
      ps.setObject(6, result.height());
      ps.setLong(7, job.id());
      ps.executeUpdate();
    }
    return new Finished(job, JobQueries.job(c, job.id()).orElseThrow(), false);
  }

  static Finished fail(Connection c, JobRow job, String message, long now) throws SQLException {
    boolean requeue = job.attemptCount() < job.maxAttempts();
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET status = ?, failed_at = ?, updated_at = ?, error_message = ?, "
            + "last_worker_id = COALESCE(assigned_worker_id, last_worker_id), assigned_worker_id = NULL, "
            + "assigned_at = NULL, lease_expires_at = NULL, finish_count = finish_count + 1 WHERE id = ?")) {
      ps.setString(1, requeue ? JobRow.PENDING : JobRow.FAILED);
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setString(4, JobQueries.truncate(message, 4000));
      ps.setLong(5, job.id());
      ps.executeUpdate();
    }
    return new Finished(job, JobQueries.job(c, job.id()).orElseThrow(), requeue);
  }

  /** Stores an event a worker posted; returns its id. */
  static long insertEvent(Connection c, long jobId, String type, String message, String metadata, String error, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_events(job_id, event_type, message, metadata, "
        + "error_message, created_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, jobId);
      ps.setString(2, type);
      ps.setString(3, message);
      ps.setString(4, metadata);
      ps.setString(5, error);
      ps.setLong(6, now);
      ps.executeUpdate();
      return JobQueries.generatedKey(ps);
    }
  }

  /** The events posted for a job, oldest first: {@code [{eventId, eventType, message, metadata, errorMessage, createdAt}]}. */
  static JsonArray events(Connection c, long jobId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, event_type, message, metadata, error_message, created_at "
        + "FROM job_events WHERE job_id = ? ORDER BY id")) {
      ps.setLong(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("eventId", rs.getLong(1)).put("eventType", rs.getString(2))
              .put("message", rs.getString(3)).put("metadata", rs.getString(4)).put("errorMessage", rs.getString(5))
              .put("createdAt", JobRow.iso(rs.getLong(6))));
        }
      }
    }
    return out;
  }
}
