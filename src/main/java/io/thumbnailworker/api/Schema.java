package io.thumbnailworker.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reference server's tables: {@code models} (one row per upload), {@code jobs} (the thumbnail job queue of every
 * asset type; a model's newest job is its current one) and {@code thumbnails} (the images stored for a model hash);
 * the asset tables are in {@link AssetSchema}. Created when missing; a database written before the asset types came is
 * brought up to date in place (new columns, nullable model ids, a version for each model).
 */
final class Schema {
  private static final String[] STATEMENTS = {
      """
      CREATE TABLE IF NOT EXISTS models (
        id BIGINT AUTO_INCREMENT PRIMARY KEY,
        name VARCHAR(1024) NOT NULL,
        hash CHAR(64) NOT NULL,
        size_bytes BIGINT NOT NULL,
        content_type VARCHAR(255) NOT NULL,
        uploaded_at BIGINT NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS jobs (
        id BIGINT AUTO_INCREMENT PRIMARY KEY,
        model_id BIGINT REFERENCES models(id),
        model_hash CHAR(64),
        status VARCHAR(16) NOT NULL,
        attempt_count INT NOT NULL,
        max_attempts INT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        assigned_worker_id VARCHAR(255),
        assigned_at BIGINT,
        lease_expires_at BIGINT,
        acknowledged_at BIGINT,
        last_worker_id VARCHAR(255),
        error_message VARCHAR(4000),
        completed_at BIGINT,
        failed_at BIGINT,
        result_path VARCHAR(1024),
        result_size BIGINT,
        result_width INT,
        result_height INT)""",
      // what jobs of every asset type carry (added in place to a database from before them)
      "ALTER TABLE jobs ALTER COLUMN model_id SET NULL",
      "ALTER TABLE jobs ALTER COLUMN model_hash SET NULL",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS asset_type VARCHAR(16) DEFAULT 'Model' NOT NULL",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS model_version_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS sound_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS sound_hash CHAR(64)",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS texture_set_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS environment_map_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS environment_map_variant_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS default_texture_set_id BIGINT",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS main_variant_name VARCHAR(255) DEFAULT '' NOT NULL",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS texture_mappings CLOB",
      // the contract whose dequeue claimed the job last (its lock rules apply), and how often a finish was reported
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claimed_via VARCHAR(16)",
      "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS finish_count INT DEFAULT 0 NOT NULL",
      "CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs(status, id)",
      "CREATE INDEX IF NOT EXISTS jobs_by_model ON jobs(model_id)",
      """
      CREATE TABLE IF NOT EXISTS thumbnails (
        model_hash CHAR(64) NOT NULL,
        file_name VARCHAR(32) NOT NULL,
        content_hash CHAR(64) NOT NULL,
        content_type VARCHAR(64) NOT NULL,
        size_bytes BIGINT NOT NULL,
        width INT,
        height INT,
        uploaded_at BIGINT NOT NULL,
        PRIMARY KEY (model_hash, file_name))"""
  };

  private Schema() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : STATEMENTS) s.execute(ddl);
      AssetSchema.create(s);
      TextureSetSchema.create(s);
    }
  }
}
