package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of Modelibr's extraction queue (modelibr-assets.md §5), each statement run inside the caller's transaction.
 * Status: Pending 0, Processing 1, Done 2, Dead 3.
 */
final class ExtractionQueries {
  static final int PENDING = 0, PROCESSING = 1, DONE = 2, DEAD = 3;
  static final List<String> STATUS = List.of("Pending", "Processing", "Done", "Dead");
  private static final String SELECT = "SELECT id, asset_type, asset_id, version_id, file_sha256, extractor_family, status, "
      + "attempt_count, max_attempts, locked_by, locked_until, error_message, warning_detail FROM extraction_jobs";

  /** One row. */
  record Row(long id, String assetType, long assetId, Long versionId, String fileSha256, String family, int status,
             int attemptCount, int maxAttempts, String lockedBy, Long lockedUntil, String errorMessage, String warningDetail) {
    /** The dequeue answer's fields. */
    JsonObject claimJson() {
      return new JsonObject().put("id", id).put("assetType", assetType).put("assetId", assetId).put("versionId", versionId)
          .put("fileSha256", fileSha256).put("extractorFamily", family).put("attemptCount", attemptCount)
          .put("maxAttempts", maxAttempts);
    }

    /** Everything, for tools and tests. */
    JsonObject fullJson() {
      return claimJson().put("status", STATUS.get(status)).put("lockedBy", lockedBy).put("errorMessage", errorMessage)
          .put("warningDetail", warningDetail);
    }
  }

  private ExtractionQueries() {}

  static Optional<Row> byId(Connection c, long id, boolean lock) throws SQLException {
    return first(c, SELECT + " WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
  }

  /** A waiting or running job for the same asset, version and family: enqueueing it again answers this one. */
  static Optional<Row> open(Connection c, String type, long assetId, Long versionId, String family) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE asset_type = ? AND asset_id = ? AND "
        + "version_id IS NOT DISTINCT FROM ? AND extractor_family = ? AND status IN (0, 1) ORDER BY id LIMIT 1")) {
      ps.setString(1, type);
      ps.setLong(2, assetId);
      ps.setObject(3, versionId, Types.BIGINT);
      ps.setString(4, family);
      return read(ps);
    }
  }

  static long insert(Connection c, String type, long assetId, Long versionId, String sha, String family, int maxAttempts,
                     long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO extraction_jobs(asset_type, asset_id, version_id, file_sha256, "
        + "extractor_family, status, attempt_count, max_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)",
        PreparedStatement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, type);
      ps.setLong(2, assetId);
      ps.setObject(3, versionId, Types.BIGINT);
      ps.setString(4, sha);
      ps.setString(5, family);
      ps.setInt(6, maxAttempts);
      ps.setLong(7, now);
      ps.setLong(8, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * Claims the oldest Pending or lock-expired job of {@code family} with attempts left for {@code workerId}; expired
   * jobs without attempts left become Dead first.
   */
  static Optional<Row> claim(Connection c, String family, String workerId, long now, long lockMs) throws SQLException {
    try (PreparedStatement dead = c.prepareStatement("UPDATE extraction_jobs SET status = 3, locked_by = NULL, updated_at = ? "
        + "WHERE status = 1 AND locked_until < ? AND attempt_count >= max_attempts")) {
      dead.setLong(1, now);
      dead.setLong(2, now);
      dead.executeUpdate();
    }
    Optional<Row> next = first(c, SELECT + " WHERE extractor_family = ? AND attempt_count < max_attempts AND "
        + "(status = 0 OR (status = 1 AND locked_until < ?)) ORDER BY id LIMIT 1 FOR UPDATE", family, now);
    if (next.isEmpty()) return next;
    try (PreparedStatement ps = c.prepareStatement("UPDATE extraction_jobs SET status = 1, attempt_count = attempt_count + 1, "
        + "locked_by = ?, locked_until = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, workerId);
      ps.setLong(2, now + lockMs);
      ps.setLong(3, now);
      ps.setLong(4, next.get().id());
      ps.executeUpdate();
    }
    return byId(c, next.get().id(), false);
  }

  /** Ends a claim: {@code status} with the message or warning (either may be null). */
  static void finish(Connection c, long id, int status, String errorMessage, String warningDetail, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE extraction_jobs SET status = ?, locked_by = NULL, locked_until = NULL, "
        + "error_message = ?, warning_detail = ?, updated_at = ? WHERE id = ?")) {
      ps.setInt(1, status);
      ps.setString(2, errorMessage);
      ps.setString(3, warningDetail);
      ps.setLong(4, now);
      ps.setLong(5, id);
      ps.executeUpdate();
    }
  }

  private static Optional<Row> first(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      return read(ps);
    }
  }

  private static Optional<Row> read(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      return Optional.of(new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, Long.class), rs.getString(5),
          rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10), rs.getObject(11, Long.class),
          rs.getString(12), rs.getString(13)));
    }
  }
}
