package io.thumbnailworker.api;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * What workers send about texture sets and other assets: each texture's image size and format, the web proxies of a
 * texture ({@code texture_proxies}, one per size), and the extraction records of any asset ({@code asset_extractions},
 * one per type, id, version and file hash). Created when missing.
 */
final class TextureSetSchema {
  private static final String[] STATEMENTS = {
      "ALTER TABLE textures ADD COLUMN IF NOT EXISTS width INT",
      "ALTER TABLE textures ADD COLUMN IF NOT EXISTS height INT",
      "ALTER TABLE textures ADD COLUMN IF NOT EXISTS format VARCHAR(20)",
      """
      CREATE TABLE IF NOT EXISTS texture_proxies (
        id BIGINT AUTO_INCREMENT PRIMARY KEY,
        texture_id BIGINT NOT NULL REFERENCES textures(id),
        file_id BIGINT NOT NULL REFERENCES files(id),
        size INT NOT NULL,
        created_at BIGINT NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS proxies_by_texture ON texture_proxies(texture_id)",
      """
      CREATE TABLE IF NOT EXISTS asset_extractions (
        id BIGINT AUTO_INCREMENT PRIMARY KEY,
        asset_type VARCHAR(32) NOT NULL,
        asset_id BIGINT NOT NULL,
        version_id BIGINT,
        file_sha256 CHAR(64) NOT NULL,
        outcome VARCHAR(16) NOT NULL,
        body CLOB NOT NULL,
        updated_at BIGINT NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS extractions_by_asset ON asset_extractions(asset_type, asset_id)"
  };

  private TextureSetSchema() {}

  static void create(Statement s) throws SQLException {
    for (String ddl : STATEMENTS) s.execute(ddl);
  }
}
