package io.thumbnailworker.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reference server's tables: {@code models} (one row per upload), {@code jobs} (the thumbnail job queue; a
 * model's newest job is its current one) and {@code thumbnails} (the images stored for a model hash). Created when
 * missing; an existing database is used as it is.
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
        model_id BIGINT NOT NULL REFERENCES models(id),
        model_hash CHAR(64) NOT NULL,
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
    }
  }
}
