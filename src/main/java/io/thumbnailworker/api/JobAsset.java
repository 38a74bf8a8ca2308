package io.thumbnailworker.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a job renders, beyond the model id and hash every contract knows: the asset type ({@code Model}, {@code Sound},
 * {@code TextureSet}, {@code EnvironmentMap}) and the ids of that asset, plus the texture choices of a model job
 * ({@code defaultTextureSetId}, {@code mainVariantName}, {@code textureMappings}), as Modelibr's dequeue hands them out.
 */
record JobAsset(String assetType, Long modelVersionId, Long soundId, String soundHash, Long textureSetId,
    Long environmentMapId, Long environmentMapVariantId, Long defaultTextureSetId, String mainVariantName,
    JsonArray textureMappings) {

  static final String MODEL = "Model";
  static final String SOUND = "Sound";
  static final String TEXTURE_SET = "TextureSet";
  static final String ENVIRONMENT_MAP = "EnvironmentMap";

  /** The columns {@link #read} expects, in order. */
  static final String COLUMNS = "asset_type, model_version_id, sound_id, sound_hash, texture_set_id, environment_map_id, "
      + "environment_map_variant_id, default_texture_set_id, main_variant_name, texture_mappings";

  JobAsset {
    if (mainVariantName == null) mainVariantName = "";
    if (textureMappings == null) textureMappings = new JsonArray();
  }

  static JobAsset model(long versionId, Long defaultTextureSetId, String mainVariantName, JsonArray textureMappings) {
    return new JobAsset(MODEL, versionId, null, null, null, null, null, defaultTextureSetId, mainVariantName, textureMappings);
  }

  static JobAsset sound(long soundId, String soundHash) {
    return new JobAsset(SOUND, null, soundId, soundHash, null, null, null, null, "", null);
  }

  static JobAsset textureSet(long textureSetId) {
    return new JobAsset(TEXTURE_SET, null, null, null, textureSetId, null, null, null, "", null);
  }

  static JobAsset environmentMap(long mapId, long variantId) {
    return new JobAsset(ENVIRONMENT_MAP, null, null, null, null, mapId, variantId, null, "", null);
  }

  boolean isModel() {
    return MODEL.equals(assetType);
  }

  /** Reads the {@link #COLUMNS} starting at column {@code first}. */
  static JobAsset read(ResultSet rs, int first) throws SQLException {
    String mappings = rs.getString(first + 9);
    JsonArray parsed;
    try {
      parsed = mappings == null ? new JsonArray() : new JsonArray(mappings);
    } catch (DecodeException e) {
      parsed = new JsonArray();
    }
    return new JobAsset(rs.getString(first), rs.getObject(first + 1, Long.class), rs.getObject(first + 2, Long.class),
        rs.getString(first + 3), rs.getObject(first + 4, Long.class), rs.getObject(first + 5, Long.class),
        rs.getObject(first + 6, Long.class), rs.getObject(first + 7, Long.class), rs.getString(first + 8), parsed);
  }
}
