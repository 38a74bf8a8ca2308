package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL of sounds (Modelibr's {@code modelibr-assets.md} §3), each statement run inside the caller's transaction: a
 * sound names its stored file; the metadata a finished waveform job reports and the uploaded waveform are kept on it.
 */
final class SoundQueries {
  /** What a successful sound finish may report; each value is kept only when it makes sense (see {@link #finished}). */
  record Metadata(Double duration, Integer sampleRate, Integer channels, String format) {}

  private static final String SELECT = """
      SELECT s.id, s.name, s.file_id, s.duration, s.sample_rate, s.channels, s.format, f.original_name, f.size_bytes,
             s.created_at, s.updated_at, s.waveform_file_id,
             (SELECT j.status FROM jobs j WHERE j.id = (SELECT MAX(j2.id) FROM jobs j2 WHERE j2.sound_id = s.id))
      FROM sounds s JOIN files f ON f.id = s.file_id WHERE s.id = ?""";

  private SoundQueries() {}

  /** Inserts a sound for a stored file and its Pending waveform job; returns the job. */
  static JobRow insertWithJob(Connection c, String name, long fileId, String fileHash, int maxAttempts, long now)
      throws SQLException {
    long soundId;
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO sounds(name, file_id, created_at, updated_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setLong(2, fileId);
      ps.setLong(3, now);
      ps.setLong(4, now);
      ps.executeUpdate();
      soundId = JobQueries.generatedKey(ps);
    }
    return JobQueries.insert(c, null, null, JobAsset.sound(soundId, fileHash), maxAttempts, now);
  }

  /** {@code GET /sounds/{id}}: 404 {@code SoundNotFound}; {@code waveformUrl} null until the sound's job is Done. */
  static JsonObject sound(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiException(404, "SoundNotFound", "sound " + id + " does not exist");
        boolean done = JobRow.COMPLETED.equals(rs.getString(13)) && rs.getObject(12) != null;
        return new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2)).put("fileId", rs.getLong(3))
            .put("categoryId", null).put("categoryName", null)
            .put("duration", rs.getObject(4, Double.class)).put("peaks", null)
            .put("sampleRate", rs.getObject(5, Integer.class)).put("channels", rs.getObject(6, Integer.class))
            .put("format", rs.getString(7)).put("fileName", rs.getString(8)).put("fileSizeBytes", rs.getLong(9))
            .put("createdAt", JobRow.iso(rs.getLong(10))).put("updatedAt", JobRow.iso(rs.getLong(11)))
            .put("waveformUrl", done ? "/sounds/" + id + "/waveform" : null);
      }
    }
  }

  /**
   * Every sound, oldest first, for the gallery: {@code id, name, duration, sampleRate, channels, format, waveformUrl}
   * (as {@code GET /sounds/{id}} has them) and its latest job as {@code jobId, jobStatus} (stored names, as the model
   * listing shows them), {@code attemptCount, maxAttempts, errorMessage}.
   */
  static JsonArray list(Connection c) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.name, s.duration, s.sample_rate, s.channels, s.format, "
        + "s.waveform_file_id, j.id, j.status, j.attempt_count, j.max_attempts, j.error_message FROM sounds s "
        + "LEFT JOIN jobs j ON j.id = (SELECT MAX(j2.id) FROM jobs j2 WHERE j2.sound_id = s.id) ORDER BY s.id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        boolean done = JobRow.COMPLETED.equals(rs.getString(9)) && rs.getObject(7) != null;
        out.add(new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2))
            .put("duration", rs.getObject(3, Double.class)).put("sampleRate", rs.getObject(4, Integer.class))
            .put("channels", rs.getObject(5, Integer.class)).put("format", rs.getString(6))
            .put("waveformUrl", done ? "/sounds/" + rs.getLong(1) + "/waveform" : null)
            .put("jobId", rs.getObject(8, Long.class)).put("jobStatus", rs.getString(9))
            .put("attemptCount", rs.getObject(10, Integer.class)).put("maxAttempts", rs.getObject(11, Integer.class))
            .put("errorMessage", rs.getString(12)));
      }
    }
    return out;
  }

  /** The stored file of a sound's audio ({@code column} file_id) or waveform (waveform_file_id); 0 when none. */
  static long fileId(Connection c, long soundId, String column) throws SQLException {
    if (!column.equals("file_id") && !column.equals("waveform_file_id")) throw new IllegalArgumentException(column);
    try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM sounds WHERE id = ?")) {
      ps.setLong(1, soundId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiException(404, "SoundNotFound", "sound " + soundId + " does not exist");
        return rs.getLong(1);
      }
    }
  }

  /** Records an uploaded waveform (replacing an earlier one). */
  static void waveform(Connection c, long soundId, long fileId, String storagePath, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE sounds SET waveform_file_id = ?, waveform_path = ?, updated_at = ? WHERE id = ?")) {
      ps.setLong(1, fileId);
      ps.setString(2, storagePath);
      ps.setLong(3, now);
      ps.setLong(4, soundId);
      if (ps.executeUpdate() != 1) throw new ApiException(404, "SoundNotFound", "sound " + soundId + " does not exist");
    }
  }

  /**
   * Keeps what a successful finish reported, as Modelibr does: the sample rate and channels when positive, the format
   * lower-cased and cut to 20 characters, the duration when positive; the rest as it was.
   */
  static void finished(Connection c, long soundId, Metadata m, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE sounds SET duration = COALESCE(?, duration), "
        + "sample_rate = COALESCE(?, sample_rate), channels = COALESCE(?, channels), format = COALESCE(?, format), "
        + "updated_at = ? WHERE id = ?")) {
      ps.setObject(1, m.duration() != null && m.duration() > 0 ? m.duration() : null);
      ps.setObject(2, m.sampleRate() != null && m.sampleRate() > 0 ? m.sampleRate() : null);
      ps.setObject(3, m.channels() != null && m.channels() > 0 ? m.channels() : null);
      String format = m.format() == null || m.format().isBlank() ? null : m.format().trim().toLowerCase(java.util.Locale.ROOT);
      ps.setString(4, format == null || format.length() <= 20 ? format : format.substring(0, 20));
      ps.setLong(5, now);
      ps.setLong(6, soundId);
      ps.executeUpdate();
    }
  }
}
