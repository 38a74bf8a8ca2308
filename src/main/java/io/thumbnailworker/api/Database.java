package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded H2 database under {@code <data>/db}. JDBC is blocking, so every call runs on a dedicated worker pool
 * (never on an event loop), each in one transaction. {@code AUTO_SERVER=TRUE} lets a second process on the same data
 * directory share the database, so claims stay atomic across processes too. {@code WRITE_DELAY=0} makes a commit
 * reach the file before the call returns: a {@code kill -9} after an answer loses nothing.
 */
final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  static {
    // AUTO_SERVER opens a TCP port for other processes on the same data directory; keep it on loopback (H2 reads this
    // once, when its classes load, so it is set before any H2 class is touched).
    if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
  }
  static final int POOL_SIZE = 8;

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final JdbcConnectionPool pool;
  private final WorkerExecutor executor;

  private Database(JdbcConnectionPool pool, WorkerExecutor executor) {
    this.pool = pool;
    this.executor = executor;
  }

  /** Opens (creating if needed) the database; runs off the event loop. */
  static Future<Database> open(Vertx vertx, Path dataDir) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("api-db-" + POOL_IDS.incrementAndGet(), POOL_SIZE);
    return executor.executeBlocking(() -> {
      Path dir = dataDir.resolve("db");
      Files.createDirectories(dir);
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("api") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "thumbnails", "");
      pool.setMaxConnections(POOL_SIZE);
      try (Connection c = pool.getConnection()) {
        Schema.create(c);
      } catch (SQLException e) {
        pool.dispose();
        throw new IllegalStateException("cannot open the database in " + dir + ": " + e.getMessage(), e);
      }
      LOG.info("Database open at {}", dir);
      return new Database(pool, executor);
    }, false).onFailure(e -> executor.close());
  }

  /** Runs work in one transaction on the database pool; commits on success, rolls back on any exception. */
  <T> Future<T> tx(Work<T> work) {
    return executor.executeBlocking(() -> {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
    }, false);
  }

  /** Runs blocking file work (hashing, fsync, moves) on the same pool. */
  <T> Future<T> blocking(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }

  @Override
  public void close() {
    try {
      pool.dispose();
    } finally {
      executor.close();
    }
  }
}
