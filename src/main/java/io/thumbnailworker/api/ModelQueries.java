package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of models and the images stored for them, each statement run inside the caller's transaction (see
 * {@link Database#tx}). A model is listed with its newest job and the paths of its thumbnail and poster.
 */
final class ModelQueries {
  private static final String MODEL_SELECT = """
      SELECT m.id, m.name, m.hash, m.size_bytes, m.uploaded_at, m.content_type,
             j.id, j.status, j.attempt_count, j.max_attempts, j.error_message, j.assigned_worker_id, j.updated_at,
             j.claimed_via, j.last_worker_id, j.model_version_id,
             (SELECT t.file_name FROM thumbnails t WHERE t.model_hash = m.hash
                AND t.file_name IN ('thumbnail.webp', 'thumbnail.png') ORDER BY t.file_name DESC LIMIT 1),
             (SELECT t.file_name FROM thumbnails t WHERE t.model_hash = m.hash AND t.file_name = 'poster.jpg')
      FROM models m LEFT JOIN jobs j ON j.id = (SELECT MAX(j2.id) FROM jobs j2 WHERE j2.model_id = m.id)
      """;

  private ModelQueries() {}

  /** A file of a new model as stored: where it is (hash), what it was called, and its companion path if it is one. */
  record NewFile(String hash, String name, long size, String contentType, String relativePath) {}

  /**
   * Inserts a model (the row names its main file), its version 1 with the main file and the companions, and the
   * version's Pending job with its texture choices; returns the job. Every texture set the choices name must exist.
   */
  static JobRow insertModelWithJob(Connection c, NewFile main, List<NewFile> companions, TextureChoice textures,
      int maxAttempts, long now) throws SQLException {
    for (long setId : textures.textureSetIds()) {
      if (!TextureSetQueries.exists(c, setId)) throw ApiException.badRequest("texture set " + setId + " does not exist");
    }
    long modelId;
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO models(name, hash, size_bytes, content_type, uploaded_at) VALUES (?, ?, ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, main.name());
      ps.setString(2, main.hash());
      ps.setLong(3, main.size());
      ps.setString(4, main.contentType());
      ps.setLong(5, now);
      ps.executeUpdate();
      modelId = JobQueries.generatedKey(ps);
    }
    long mainFileId = FileQueries.insertFile(c, main.hash(), main.name(), main.size(), main.contentType(), now);
    long versionId = FileQueries.insertVersion(c, modelId, mainFileId, now);
    for (NewFile f : companions) {
      long fileId = FileQueries.insertFile(c, f.hash(), f.name(), f.size(), f.contentType(), now);
      FileQueries.addVersionFile(c, versionId, fileId, f.relativePath());
    }
    return JobQueries.insert(c, modelId, main.hash(), JobAsset.model(versionId, textures.defaultTextureSetId(),
        textures.mainVariantName(), textures.textureMappings()), maxAttempts, now);
  }

  /** The model with its current job and image paths; 404 when there is none. */
  static JsonObject model(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MODEL_SELECT + " WHERE m.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw ApiException.notFound("model " + id + " does not exist");
        return modelJson(rs);
      }
    }
  }

  /** The newest {@code limit} models, newest first. */
  static JsonArray models(Connection c, int limit) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement(MODEL_SELECT + " ORDER BY m.id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(modelJson(rs));
      }
    }
    return out;
  }

  private static JsonObject modelJson(ResultSet rs) throws SQLException {
    String hash = rs.getString(3);
    String thumb = rs.getString(17);
    String poster = rs.getString(18);
    return new JsonObject()
        .put("id", rs.getLong(1))
        .put("name", rs.getString(2))
        .put("hash", hash)
        .put("sizeBytes", rs.getLong(4))
        .put("uploadedAt", JobRow.iso(rs.getLong(5)))
        .put("contentType", rs.getString(6))
        .put("jobId", rs.getObject(7, Long.class))
        .put("jobStatus", rs.getString(8))
        .put("attemptCount", rs.getObject(9, Integer.class))
        .put("maxAttempts", rs.getObject(10, Integer.class))
        .put("errorMessage", rs.getString(11))
        .put("workerId", rs.getString(12))
        .put("updatedAt", JobRow.iso(rs.getObject(13, Long.class)))
        .put("contract", rs.getString(14))
        .put("lastWorkerId", rs.getString(15))
        .put("modelVersionId", rs.getObject(16, Long.class))
        .put("thumbnailPath", thumb == null ? null : ImageKind.path(hash, thumb))
        .put("posterPath", poster == null ? null : ImageKind.path(hash, poster));
  }

  /** Records (or replaces) the stored image {@code kind} of every model with {@code modelHash}. */
  static void putImage(Connection c, String modelHash, ImageKind kind, String contentHash, long size, Integer width,
      Integer height, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "MERGE INTO thumbnails(model_hash, file_name, content_hash, content_type, size_bytes, width, height, uploaded_at) "
            + "KEY (model_hash, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, modelHash);
      ps.setString(2, kind.fileName);
      ps.setString(3, contentHash);
      ps.setString(4, kind.contentType);
      ps.setLong(5, size);
      ps.setObject(6, width);
      ps.setObject(7, height);
      ps.setLong(8, now);
      ps.executeUpdate();
    }
  }

  /** The content hash stored for {@code /hashes/{modelHash}/{fileName}}, or empty. */
  static Optional<String> image(Connection c, String modelHash, String fileName) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT content_hash FROM thumbnails WHERE model_hash = ? AND file_name = ?")) {
      ps.setString(1, modelHash);
      ps.setString(2, fileName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
