package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded H2 database under {@code <data>/db} (owner-only, as the whole data directory). JDBC is blocking, so
 * every call runs on a dedicated worker pool (never on an event loop), each in one transaction. Embedded only: no
 * auto-server and no TCP listener, so nothing but this process can reach the database; the file is locked by the
 * operating system while it is open, and a second process on the same data directory is refused with
 * {@link #IN_USE} (as is a second server in this process). {@code WRITE_DELAY=0} makes a commit reach the file before
 * the call returns: a {@code kill -9} after an answer loses nothing, and the lock goes with the process.
 */
final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  /** Data directories served by a server in this process (real paths). */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  static final int POOL_SIZE = 8;
  static final String IN_USE = "one API process serves a data directory: stop the other one (an api or demo on the "
      + "same --data), or give this one another --data";

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final JdbcConnectionPool pool;
  private final WorkerExecutor executor;

  private final Path claimed;

  private Database(JdbcConnectionPool pool, WorkerExecutor executor, Path claimed) {
    this.pool = pool;
    this.executor = executor;
    this.claimed = claimed;
  }

  /** Opens (creating if needed) the database; runs off the event loop. */
  static Future<Database> open(Vertx vertx, Path dataDir) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("api-db-" + POOL_IDS.incrementAndGet(), POOL_SIZE);
    return executor.executeBlocking(() -> {
      Path dir = DataDir.part(DataDir.prepare(dataDir), "db");
      Path claimed = dataDir.toRealPath();
      if (!OPEN.add(claimed)) {
        throw new IllegalStateException("the data directory " + claimed + " is already served by another API server in this process; " + IN_USE);
      }
      try {
        return new Database(connect(dir), executor, claimed);
      } catch (RuntimeException e) {
        OPEN.remove(claimed);
        throw e;
      }
    }, false).onFailure(e -> executor.close());
  }

  /** Opens the pool and brings the schema up to date; a database another process holds is refused with a clear reason. */
  private static JdbcConnectionPool connect(Path dir) {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("api") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "thumbnails", "");
    pool.setMaxConnections(POOL_SIZE);
    try (Connection c = pool.getConnection()) {
      Schema.create(c);
    } catch (SQLException e) {
      pool.dispose();
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new IllegalStateException("the data directory " + dir.getParent().toAbsolutePath() + " is in use by another process; " + IN_USE, e);
      }
      throw new IllegalStateException("cannot open the database in " + dir + ": " + e.getMessage(), e);
    }
    LOG.info("Database open at {} (embedded; no network listener)", dir);
    return pool;
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
      OPEN.remove(claimed);
      executor.close();
    }
  }
}
