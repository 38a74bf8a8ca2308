package io.thumbnailworker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The API's data directory and its parts ({@code db/}, {@code blobs/}, {@code tmp/}): only their owner may enter
 * them. A directory the API creates is created {@code 0700}; its own parts are tightened to {@code 0700} when found
 * looser; a data directory that already existed is left as it is, with a warning when others may read it.
 * Blocking: call it off the event loop.
 */
final class DataDir {
  private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private DataDir() {}

  /** Creates the data directory (and any missing parent) owner-only, or warns when an existing one is open to others. */
  static Path prepare(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      Path parent = dataDir.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      createOwnerOnly(dataDir);
    } else if (posix(dataDir) && !openTo(dataDir).isEmpty()) {
      LOG.warn("The data directory {} is open to other users ({}); its database, files and uploads are kept in "
          + "owner-only subdirectories", dataDir.toAbsolutePath(), PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
    }
    return dataDir;
  }

  /** {@code <data>/<name>}, created or tightened to {@code 0700}. */
  static Path part(Path dataDir, String name) throws IOException {
    Path dir = dataDir.resolve(name);
    if (!Files.isDirectory(dir)) {
      createOwnerOnly(dir);
    } else if (posix(dir) && !openTo(dir).isEmpty()) {
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
    }
    return dir;
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    if (!posix(dir.toAbsolutePath().getParent())) {
      Files.createDirectories(dir);
      return;
    }
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.setPosixFilePermissions(dir, OWNER_ONLY);        // the umask may have taken bits away, never added any
  }

  /** The permissions a directory grants beyond its owner's. */
  private static Set<PosixFilePermission> openTo(Path dir) throws IOException {
    Set<PosixFilePermission> others = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
    others.removeAll(OWNER_ONLY);
    return others;
  }

  private static boolean posix(Path p) {
    return p != null && Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
  }
}
