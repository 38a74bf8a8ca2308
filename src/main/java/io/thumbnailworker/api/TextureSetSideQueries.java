package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * The SQL of what workers send about texture sets (modelibr-assets §1.5, §1.6) and of asset extraction records
 * (§4.4), each statement run inside the caller's transaction.
 */
final class TextureSetSideQueries {
  private TextureSetSideQueries() {}

  /** Stores one texture's size and format when the texture belongs to the set; false otherwise (ignored). */
  static boolean metadata(Connection c, long setId, long textureId, Integer width, Integer height, String format)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE textures SET width = ?, height = ?, format = ? WHERE id = ? AND texture_set_id = ?")) {
      setInt(ps, 1, width);
      setInt(ps, 2, height);
      ps.setString(3, format);
      ps.setLong(4, textureId);
      ps.setLong(5, setId);
      return ps.executeUpdate() == 1;
    }
  }

  /** {@code [{textureId, width, height, format}]} of every texture of the set. */
  static JsonArray metadataOf(Connection c, long setId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, width, height, format FROM textures WHERE texture_set_id = ? ORDER BY id")) {
      ps.setLong(1, setId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("textureId", rs.getLong(1)).put("width", (Integer) rs.getObject(2))
              .put("height", (Integer) rs.getObject(3)).put("format", rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** True when texture {@code textureId} belongs to set {@code setId}. */
  static boolean textureOfSet(Connection c, long setId, long textureId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM textures WHERE id = ? AND texture_set_id = ?")) {
      ps.setLong(1, textureId);
      ps.setLong(2, setId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Records a proxy; when one at {@code size} exists, every proxy of the texture is dropped first. Its id. */
  static long putProxy(Connection c, long textureId, long fileId, int size, long now) throws SQLException {
    boolean exists;
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM texture_proxies WHERE texture_id = ? AND size = ?")) {
      ps.setLong(1, textureId);
      ps.setInt(2, size);
      try (ResultSet rs = ps.executeQuery()) {
        exists = rs.next();
      }
    }
    if (exists) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM texture_proxies WHERE texture_id = ?")) {
        ps.setLong(1, textureId);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO texture_proxies(texture_id, file_id, size, created_at) "
        + "VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, textureId);
      ps.setLong(2, fileId);
      ps.setInt(3, size);
      ps.setLong(4, now);
      ps.executeUpdate();
      return JobQueries.generatedKey(ps);
    }
  }

  /** {@code [{fileId, size}]} of a texture's proxies. */
  static JsonArray proxies(Connection c, long textureId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT file_id, size FROM texture_proxies WHERE texture_id = ? ORDER BY size")) {
      ps.setLong(1, textureId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new JsonObject().put("fileId", rs.getLong(1)).put("size", rs.getInt(2)));
      }
    }
    return out;
  }

  /** Inserts or replaces the record of (type, id, version, file hash). */
  static void putExtraction(Connection c, String type, long assetId, Long versionId, String sha256, String outcome,
                            JsonObject body, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM asset_extractions WHERE asset_type = ? AND asset_id = ? "
        + "AND version_id IS NOT DISTINCT FROM ? AND file_sha256 = ?")) {
      ps.setString(1, type);
      ps.setLong(2, assetId);
      if (versionId == null) ps.setNull(3, Types.BIGINT);
      else ps.setLong(3, versionId);
      ps.setString(4, sha256);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO asset_extractions(asset_type, asset_id, version_id, "
        + "file_sha256, outcome, body, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, type);
      ps.setLong(2, assetId);
      if (versionId == null) ps.setNull(3, Types.BIGINT);
      else ps.setLong(3, versionId);
      ps.setString(4, sha256);
      ps.setString(5, outcome);
      ps.setString(6, body.encode());
      ps.setLong(7, now);
      ps.executeUpdate();
    }
  }

  /** Every record of an asset, oldest first, each the body as sent with its resolved {@code outcome}. */
  static JsonArray extractions(Connection c, String type, long assetId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT outcome, body FROM asset_extractions WHERE asset_type = ? "
        + "AND asset_id = ? ORDER BY id")) {
      ps.setString(1, type);
      ps.setLong(2, assetId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new JsonObject(rs.getString(2)).put("outcome", rs.getString(1)));
      }
    }
    return out;
  }

  /** Every set with its newest job: {@code [{id, name, previewGeometryType, thumbnailPath, pngThumbnailPath, jobId, jobStatus, errorMessage}]}. */
  static JsonArray list(Connection c) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.name, s.preview_geometry_type, s.thumbnail_path, "
        + "s.png_thumbnail_path, j.id, j.status, j.error_message FROM texture_sets s LEFT JOIN jobs j ON j.id = "
        + "(SELECT MAX(j2.id) FROM jobs j2 WHERE j2.texture_set_id = s.id) ORDER BY s.id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2))
            .put("previewGeometryType", rs.getString(3)).put("thumbnailPath", rs.getString(4))
            .put("pngThumbnailPath", rs.getString(5)).put("jobId", (Long) rs.getObject(6))
            .put("jobStatus", rs.getString(7)).put("errorMessage", rs.getString(8)));
      }
    }
    return out;
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) ps.setNull(i, Types.INTEGER);
    else ps.setInt(i, v);
  }
}
