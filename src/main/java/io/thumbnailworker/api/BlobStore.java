package io.thumbnailworker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed files under {@code <data>/blobs/ab/<sha256>}: one copy per content, whatever it was called. A file
 * is fsynced and atomically moved into place before {@link #put} returns, so a row that names a hash always finds its
 * file, even after {@code kill -9}. All methods block: call them on a worker thread.
 */
final class BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;
  private final Path scratch;

  /**
   * Opens the store and empties the scratch directory: it holds only uploads in progress, and at start there are none
   * (one server per data directory, opened after the database's lock is held), so anything there was left by a crash.
   */
  BlobStore(Path dataDir) throws IOException {
    this.root = DataDir.part(dataDir, "blobs");
    this.scratch = DataDir.part(dataDir, "tmp");
    sweepScratch();
  }

  private void sweepScratch() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(scratch)) {
      for (Path p : leftovers) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
          Files.deleteIfExists(p);
          removed++;
        } else {
          LOG.warn("Left {} in the upload scratch directory: not a file the API writes", p);
        }
      }
    }
    if (removed > 0) LOG.info("Removed {} partial upload(s) left in {} by an earlier run", removed, scratch);
  }

  /** Where uploads are streamed before they are hashed (same file system as the store, so moves are atomic). */
  Path scratchDir() { return scratch; }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) digest.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The stored file for a hash (it may not exist). */
  Path path(String hash) {
    if (!SHA256.matcher(hash).matches()) throw new IllegalArgumentException("not a SHA-256 hex string: " + hash);
    return root.resolve(hash.substring(0, 2)).resolve(hash);
  }

  /**
   * Stores the content of {@code upload} under its hash and consumes the upload file: it is moved into place, or
   * deleted when the same content is already stored.
   */
  void put(Path upload, String hash) throws IOException {
    Path target = path(hash);
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(upload);
      return;
    }
    Path dir = Files.createDirectories(target.getParent());
    try (FileChannel ch = FileChannel.open(upload, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(upload);                         // a concurrent upload of the same bytes won the race
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the upload directory and the file store are on different file systems", e);
    }
    fsyncDirectory(dir);
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot open directories; the rename is still atomic there
    }
  }
}
