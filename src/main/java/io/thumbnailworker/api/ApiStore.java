package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What every contract mounted on the reference server shares: the settings, the database (one job queue), the
 * content-addressed file store, and the job-event listeners through which each contract's hub hears of job changes.
 */
record ApiStore(Vertx vertx, ApiOptions options, Database db, BlobStore blobs, JobEventListeners events) {

  /** Opens the database and the file store under the data directory; runs the blocking parts off the event loop. */
  static Future<ApiStore> open(Vertx vertx, ApiOptions options) {
    return Database.open(vertx, options.dataDir()).compose(db -> db.blocking(() -> new BlobStore(options.dataDir()))
        .map(blobs -> new ApiStore(vertx, options, db, blobs, new JobEventListeners()))
        .onFailure(e -> vertx.executeBlocking(() -> {
          db.close();
          return null;
        })));
  }

  /** Closes the database. */
  Future<Void> close() {
    return vertx.executeBlocking(() -> {
      db.close();
      return null;
    });
  }
}
