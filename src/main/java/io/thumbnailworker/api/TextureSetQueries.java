package io.thumbnailworker.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQL of texture sets (Modelibr's {@code modelibr-assets.md} §1), each statement run inside the caller's
 * transaction: a set with its preview settings, and its textures, each a stored file read through one channel (a
 * packed ORM file is several textures sharing one file).
 */
final class TextureSetQueries {
  /** A new set: name, kind (ModelSpecific 0, Universal 1, ModelOwned 2), uvScale, previewGeometryType. */
  record NewSet(String name, int kind, double uvScale, String previewGeometryType) {}

  /** One texture of a new set: its type, channel and stored file. */
  record NewTexture(TextureType type, int channel, long fileId) {}

  private static final String[] KINDS = {"ModelSpecific", "Universal", "ModelOwned"};

  private TextureSetQueries() {}

  static boolean exists(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM texture_sets WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Inserts the set, its textures and its Pending thumbnail job; returns the job. */
  static JobRow insertWithJob(Connection c, NewSet set, List<NewTexture> textures, int maxAttempts, long now)
      throws SQLException {
    long setId;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO texture_sets(name, kind, uv_scale, preview_geometry_type, "
        + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, set.name());
      ps.setInt(2, set.kind());
      ps.setDouble(3, set.uvScale());
      ps.setString(4, set.previewGeometryType());
      ps.setLong(5, now);
      ps.setLong(6, now);
      ps.executeUpdate();
      setId = JobQueries.generatedKey(ps);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO textures(texture_set_id, texture_type, source_channel, "
        + "file_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
      for (NewTexture t : textures) {
        ps.setLong(1, setId);
        ps.setInt(2, t.type().number);
        ps.setInt(3, t.channel());
        ps.setLong(4, t.fileId());
        ps.setLong(5, now);
        ps.executeUpdate();
      }
    }
    return JobQueries.insert(c, null, null, JobAsset.textureSet(setId), maxAttempts, now);
  }

  /** {@code GET /texture-sets/{id}} in the shape of §1.1 (enums as numbers); 404 {@code TextureSetNotFound}. */
  static JsonObject textureSet(Connection c, long id) throws SQLException {
    JsonObject set;
    try (PreparedStatement ps = c.prepareStatement("SELECT id, name, kind, uv_scale, preview_geometry_type, thumbnail_path, "
        + "png_thumbnail_path, created_at, updated_at FROM texture_sets WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new ApiException(404, "TextureSetNotFound", "texture set " + id + " does not exist");
        set = new JsonObject().put("id", rs.getLong(1)).put("name", rs.getString(2)).put("categoryId", null)
            .put("category", null).put("kind", rs.getInt(3)).put("tilingScaleX", 1.0).put("tilingScaleY", 1.0)
            .put("uvMappingMode", 0).put("uvScale", rs.getDouble(4)).put("previewGeometryType", rs.getString(5))
            .put("createdAt", JobRow.iso(rs.getLong(8))).put("updatedAt", JobRow.iso(rs.getLong(9)))
            .put("thumbnailPath", rs.getString(6)).put("pngThumbnailPath", rs.getString(7));
      }
    }
    JsonArray textures = textures(c, id);
    return set.put("textureCount", textures.size()).put("isEmpty", textures.isEmpty()).put("tags", new JsonArray())
        .put("textures", textures).put("associatedModels", new JsonArray()).put("packs", new JsonArray())
        .put("projects", new JsonArray());
  }

  private static JsonArray textures(Connection c, long setId) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.texture_type, t.source_channel, t.file_id, "
        + "f.original_name, t.created_at FROM textures t JOIN files f ON f.id = t.file_id WHERE t.texture_set_id = ? "
        + "ORDER BY t.id")) {
      ps.setLong(1, setId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("id", rs.getLong(1)).put("textureType", rs.getInt(2))
              .put("sourceChannel", rs.getInt(3)).put("fileId", rs.getLong(4)).put("fileName", rs.getString(5))
              .put("createdAt", JobRow.iso(rs.getLong(6))));
        }
      }
    }
    for (Object t : out) {
      JsonObject texture = (JsonObject) t;
      texture.put("proxies", TextureSetSideQueries.proxies(c, texture.getLong("id")));
    }
    return out;
  }

  /** Sets the set's WebP ({@code png} false) or PNG thumbnail path; 400 {@code TextureSetNotFound} without the set. */
  static void thumbnail(Connection c, long id, boolean png, String path, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE texture_sets SET " + (png ? "png_thumbnail_path" : "thumbnail_path")
        + " = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, path);
      ps.setLong(2, now);
      ps.setLong(3, id);
      if (ps.executeUpdate() != 1) throw new ApiException(400, "TextureSetNotFound", "texture set " + id + " does not exist");
    }
  }

  /** A kind by name (case-insensitive) or number; 400 otherwise. */
  static int parseKind(String raw) {
    if (raw == null || raw.isBlank()) return 1;
    for (int i = 0; i < KINDS.length; i++) if (KINDS[i].equalsIgnoreCase(raw.trim()) || String.valueOf(i).equals(raw.trim())) return i;
    throw ApiException.badRequest("unknown kind '" + raw + "'; use ModelSpecific, Universal or ModelOwned (0–2)");
  }
}
