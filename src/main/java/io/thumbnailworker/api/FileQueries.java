package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of stored files and model versions, each statement run inside the caller's transaction: a file row names
 * content in the {@link BlobStore} with the name it was uploaded under; a model version has a main file (the model
 * row's) and its companions, each at a relative path; the side data a worker PUTs for a version is kept as sent.
 */
final class FileQueries {
  /** A stored file. */
  record StoredFile(long id, String hash, String name, long sizeBytes, String contentType, long createdAt) {
    JsonObject toJson() {
      return new JsonObject().put("fileId", id).put("fileName", name).put("sha256Hash", hash).put("sizeBytes", sizeBytes)
          .put("contentType", contentType).put("createdAt", JobRow.iso(createdAt));
    }
  }

  /** A model version: its model, number and main file (null for a model stored before files had rows). */
  record Version(long id, long modelId, int number, Long mainFileId, long createdAt) {}

  /** The side data a worker sends for a version: {@code PUT /model-versions/{id}/...}. */
  static final Set<String> SIDE_DATA = Set.of("technical_metadata", "material_names", "scene_graph");

  private FileQueries() {}

  static long insertFile(Connection c, String hash, String name, long size, String contentType, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO files(hash, original_name, size_bytes, content_type, created_at) VALUES (?, ?, ?, ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, hash);
      ps.setString(2, name);
      ps.setLong(3, size);
      ps.setString(4, contentType);
      ps.setLong(5, now);
      ps.executeUpdate();
      return JobQueries.generatedKey(ps);
    }
  }

  static Optional<StoredFile> file(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, hash, original_name, size_bytes, content_type, created_at FROM files WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new StoredFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
            rs.getLong(6)));
      }
    }
  }

  static long insertVersion(Connection c, long modelId, long mainFileId, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO model_versions(model_id, version_number, main_file_id, created_at) VALUES (?, "
            + "(SELECT COALESCE(MAX(version_number), 0) + 1 FROM model_versions WHERE model_id = ?), ?, ?)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, modelId);
      ps.setLong(2, modelId);
      ps.setLong(3, mainFileId);
      ps.setLong(4, now);
      ps.executeUpdate();
      return JobQueries.generatedKey(ps);
    }
  }

  static void addVersionFile(Connection c, long versionId, long fileId, String relativePath) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO version_files(version_id, file_id, relative_path) VALUES (?, ?, ?)")) {
      ps.setLong(1, versionId);
      ps.setLong(2, fileId);
      ps.setString(3, relativePath);
      ps.executeUpdate();
    }
  }

  /** The version {@code versionId} of model {@code modelId}, or empty (also when it belongs to another model). */
  static Optional<Version> version(Connection c, long modelId, long versionId) throws SQLException {
    return versionWhere(c, "id = ? AND model_id = ?", versionId, modelId);
  }

  /** A version by its id alone. */
  static Optional<Version> version(Connection c, long versionId) throws SQLException {
    return versionWhere(c, "id = ?", versionId);
  }

  /** The model's newest version. */
  static Optional<Version> latestVersion(Connection c, long modelId) throws SQLException {
    return versionWhere(c, "id = (SELECT MAX(id) FROM model_versions WHERE model_id = ?)", modelId);
  }

  private static Optional<Version> versionWhere(Connection c, String where, long... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, model_id, version_number, main_file_id, created_at FROM model_versions WHERE " + where)) {
      for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new Version(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getObject(4, Long.class), rs.getLong(5)));
      }
    }
  }

  /** {@code [{fileId, relativePath, originalFileName, sha256Hash, sizeBytes}]}, by relative path. */
  static JsonArray auxiliaries(Connection c, long versionId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT f.id, vf.relative_path, f.original_name, f.hash, f.size_bytes "
        + "FROM version_files vf JOIN files f ON f.id = vf.file_id WHERE vf.version_id = ? ORDER BY vf.relative_path")) {
      ps.setLong(1, versionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("fileId", rs.getLong(1)).put("relativePath", rs.getString(2))
              .put("originalFileName", rs.getString(3)).put("sha256Hash", rs.getString(4)).put("sizeBytes", rs.getLong(5)));
        }
      }
    }
    return out;
  }

  /** Stores one kind of side data ({@link #SIDE_DATA}) of a version as sent; false when there is no such version. */
  static boolean putSideData(Connection c, long versionId, String column, String json) throws SQLException {
    if (!SIDE_DATA.contains(column)) throw new IllegalArgumentException(column);
    try (PreparedStatement ps = c.prepareStatement("UPDATE model_versions SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, json);
      ps.setLong(2, versionId);
      return ps.executeUpdate() == 1;
    }
  }

  /** The side data of a version: {@code {technicalMetadata, materialNames, sceneGraph}}, each null until sent. */
  static Optional<JsonObject> sideData(Connection c, long versionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT technical_metadata, material_names, scene_graph FROM model_versions WHERE id = ?")) {
      ps.setLong(1, versionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new JsonObject().put("modelVersionId", versionId).put("technicalMetadata", json(rs.getString(1)))
            .put("materialNames", json(rs.getString(2))).put("sceneGraph", json(rs.getString(3))));
      }
    }
  }

  private static JsonObject json(String s) {
    return s == null ? null : new JsonObject(s);
  }
}
