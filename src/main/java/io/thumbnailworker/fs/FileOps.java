package io.thumbnailworker.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * File idioms shared by the worker and the reference server: a file is written under a private name beside its
 * target and renamed into place, so a reader (or a restart after a crash) never sees half a file.
 */
public final class FileOps {
  /** Writes a file's content to the stream it is given. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private FileOps() {}

  /**
   * Writes {@code target} through a temporary sibling and renames it into place (atomically where the file system
   * can). {@code durable} forces the bytes to disk before the rename, for files that must survive a power cut.
   */
  public static void writeAtomically(Path target, boolean durable, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // a private name of our own rather than createTempFile, whose 0600 mode would outlive the rename: the file gets
    // the permissions the umask gives any other output
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writer.write(out);
      }
      if (durable) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, false, out -> out.write(bytes));
  }

  /** Renames {@code source} over {@code target}: atomically where supported, else a plain replacing move. */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a file or a folder with everything in it; a path that does not exist is not an error. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
