package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of environment maps (Modelibr's {@code modelibr-assets.md} §2), each statement run inside the caller's
 * transaction: a map has variants (sizes), each one panoramic file or six cube faces, and its own thumbnail.
 */
final class EnvironmentMapQueries {
  /** The cube faces in Modelibr's order (Px=1 … Nz=6); a panoramic variant has the one face {@value #PANORAMIC}. */
  static final List<String> FACES = List.of("px", "nx", "py", "ny", "pz", "nz");
  static final String PANORAMIC = "panoramic";

  private EnvironmentMapQueries() {}

  /**
   * Inserts a map with one variant of the given files (face → file id) and the variant's Pending job; returns the job.
   */
  static JobRow insertWithJob(Connection c, String name, String sizeLabel, Map<String, Long> files, int maxAttempts, long now)
      throws SQLException {
    long mapId = insert(c, "INSERT INTO environment_maps(name, created_at, updated_at) VALUES (?, ?, ?)", name, now);
    long variantId;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO environment_map_variants(environment_map_id, size_label, "
        + "source_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, mapId);
      ps.setString(2, sizeLabel);
      ps.setString(3, files.containsKey(PANORAMIC) ? "single" : "cube");
      ps.setLong(4, now);
      ps.setLong(5, now);
      ps.executeUpdate();
      variantId = JobQueries.generatedKey(ps);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO variant_files(variant_id, face, file_id) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, Long> f : files.entrySet()) {
        ps.setLong(1, variantId);
        ps.setString(2, f.getKey());
        ps.setLong(3, f.getValue());
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE environment_maps SET preview_variant_id = ? WHERE id = ?")) {
      ps.setLong(1, variantId);
      ps.setLong(2, mapId);
      ps.executeUpdate();
    }
    return JobQueries.insert(c, null, null, JobAsset.environmentMap(mapId, variantId), maxAttempts, now);
  }

  private static long insert(Connection c, String sql, String name, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.executeUpdate();
      return JobQueries.generatedKey(ps);
    }
  }

  /** {@code GET /environment-maps/{id}} as §2.1: the variants and the preview variant's files; 404 when unknown. */
  static JsonObject environmentMap(Connection c, long id) throws SQLException {
    JsonObject map;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, name, preview_variant_id, created_at, updated_at FROM environment_maps WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiException(404, "EnvironmentMapNotFound", "environment map " + id + " does not exist");
        map = new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2))
            .put("previewVariantId", rs.getObject(3, Long.class)).put("createdAt", JobRow.iso(rs.getLong(4)))
            .put("updatedAt", JobRow.iso(rs.getLong(5)));
      }
    }
    JsonArray variants = variants(c, id);
    JsonObject preview = null;
    for (Object o : variants) if (((JsonObject) o).getLong("id").equals(map.getLong("previewVariantId"))) preview = (JsonObject) o;
    return map.put("variants", variants)
        .put("panoramicFile", preview == null ? null : preview.getValue("panoramicFile"))
        .put("cubeFaces", preview == null ? null : preview.getValue("cubeFaces"))
        .put("previewThumbnailPath", preview == null ? null : preview.getString("thumbnailPath"));
  }

  private static JsonArray variants(Connection c, long mapId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, size_label, source_type, thumbnail_path, created_at, "
        + "updated_at FROM environment_map_variants WHERE environment_map_id = ? ORDER BY id DESC")) {
      ps.setLong(1, mapId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(variant(c, rs.getLong(1), rs.getString(2), rs.getString(3)).put("thumbnailPath", rs.getString(4))
              .put("createdAt", JobRow.iso(rs.getLong(5))).put("updatedAt", JobRow.iso(rs.getLong(6))));
        }
      }
    }
    return out;
  }

  private static JsonObject variant(Connection c, long variantId, String sizeLabel, String sourceType) throws SQLException {
    Map<String, JsonObject> files = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT vf.face, f.id, f.original_name, f.size_bytes FROM variant_files vf "
        + "JOIN files f ON f.id = vf.file_id WHERE vf.variant_id = ?")) {
      ps.setLong(1, variantId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String url = "/files/" + rs.getLong(2);
          files.put(rs.getString(1), new JsonObject().put("fileId", rs.getLong(2)).put("fileName", rs.getString(3))
              .put("fileSizeBytes", rs.getLong(4)).put("previewUrl", url).put("fileUrl", url));
        }
      }
    }
    JsonObject panoramic = files.get(PANORAMIC);
    JsonObject cube = null;
    if (panoramic == null) {
      cube = new JsonObject();
      for (String face : FACES) cube.put(face, files.get(face));
    }
    return new JsonObject().put("id", variantId).put("sizeLabel", sizeLabel).put("sourceType", sourceType)
        .put("projectionType", panoramic != null ? "equirectangular" : "cube")
        .put("fileId", panoramic == null ? null : panoramic.getLong("fileId"))
        .put("fileName", panoramic == null ? "Cube map" : panoramic.getString("fileName"))
        .put("fileUrl", panoramic == null ? "" : panoramic.getString("fileUrl"))
        .put("panoramicFile", panoramic).put("cubeFaces", cube);
  }

  /**
   * Every map, newest first, for the gallery: {@code id, name, previewVariantId, thumbnailPath} (the preview variant's)
   * and that variant's latest job as {@code jobId, jobStatus} (stored names, as the model listing shows them),
   * {@code attemptCount, maxAttempts, errorMessage}.
   */
  static JsonArray list(Connection c) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.name, m.preview_variant_id, v.thumbnail_path, j.id, "
        + "j.status, j.attempt_count, j.max_attempts, j.error_message FROM environment_maps m "
        + "LEFT JOIN environment_map_variants v ON v.id = m.preview_variant_id "
        + "LEFT JOIN jobs j ON j.id = (SELECT MAX(id) FROM jobs WHERE environment_map_variant_id = m.preview_variant_id) "
        + "ORDER BY m.id DESC")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2))
              .put("previewVariantId", rs.getObject(3, Long.class)).put("thumbnailPath", rs.getString(4))
              .put("jobId", rs.getObject(5, Long.class)).put("jobStatus", rs.getString(6))
              .put("attemptCount", rs.getObject(7, Integer.class)).put("maxAttempts", rs.getObject(8, Integer.class))
              .put("errorMessage", rs.getString(9)));
        }
      }
    }
    return out;
  }

  /**
   * Checks the variant belongs to the map: 404 {@code EnvironmentMapNotFound} / 400
   * {@code EnvironmentMapVariantNotFound} otherwise.
   */
  static void requireVariant(Connection c, long mapId, long variantId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT m.id, v.id FROM environment_maps m LEFT JOIN "
        + "environment_map_variants v ON v.environment_map_id = m.id AND v.id = ? WHERE m.id = ?")) {
      ps.setLong(1, variantId);
      ps.setLong(2, mapId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiException(404, "EnvironmentMapNotFound", "environment map " + mapId + " does not exist");
        if (rs.getObject(2) == null) {
          throw new ApiException(400, "EnvironmentMapVariantNotFound", "environment map " + mapId + " has no variant " + variantId);
        }
      }
    }
  }

  /** Sets (or, with null, clears) a variant's thumbnail path. */
  static void thumbnail(Connection c, long variantId, String path, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE environment_map_variants SET thumbnail_path = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, path);
      ps.setLong(2, now);
      ps.setLong(3, variantId);
      ps.executeUpdate();
    }
  }
}
