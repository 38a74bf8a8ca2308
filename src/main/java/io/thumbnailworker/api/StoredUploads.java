package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** Moves uploaded parts into the content-addressed store and records each as a file row (blocking work off the event loop). */
final class StoredUploads {
  /** A part to store, and the name it is kept under. */
  record Named(UploadForm.FilePart part, String name) {}

  private final Database db;
  private final BlobStore blobs;

  StoredUploads(ApiStore store) {
    this.db = store.db();
    this.blobs = store.blobs();
  }

  /** Hashes and stores the parts (blocking, on the database pool); their hashes, in order. */
  Future<List<String>> put(List<Named> parts) {
    return db.blocking(() -> {
      List<String> hashes = new ArrayList<>();
      for (Named n : parts) {
        String hash = BlobStore.sha256(n.part().path());
        blobs.put(n.part().path(), hash);
        hashes.add(hash);
      }
      return hashes;
    });
  }

  /** Stores one part and inserts its file row, served as {@code contentType} (null: as its name says); the row. */
  Future<FileQueries.StoredFile> file(UploadForm.FilePart part, String name, String contentType) {
    long now = System.currentTimeMillis();
    String type = contentType != null ? contentType : UploadNames.contentType(name);
    return put(List.of(new Named(part, name))).compose(hashes -> db.tx(c -> {
      long id = FileQueries.insertFile(c, hashes.get(0), name, part.size(), type, now);
      return FileQueries.file(c, id).orElseThrow();
    }));
  }
}
