package io.thumbnailworker.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class FileOpsTest {
  @TempDir Path dir;

  @Test
  void anAtomicWriteLeavesOnlyTheTargetWithOrdinaryPermissions() throws IOException {
    Path target = dir.resolve("out.webp");
    FileOps.writeAtomically(target, new byte[] {1, 2, 3});
    FileOps.writeAtomically(target, new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left beside the target");
    }
    // a file written in one go by Files.write gets what the umask gives; the atomic write must match it
    Path plain = Files.write(dir.resolve("plain"), new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    assertTrue(Files.getPosixFilePermissions(target).contains(PosixFilePermission.OWNER_READ));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("report.json");
    FileOps.writeAtomically(target, new byte[] {7});
    assertThrows(IOException.class, () -> FileOps.writeAtomically(target, false, out -> {
      out.write(9);
      throw new IOException("disk full");
    }));
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void deleteRecursivelyRemovesATreeAndIgnoresWhatIsAbsent() throws IOException {
    Path root = dir.resolve("job");
    Files.createDirectories(root.resolve("a/b"));
    Files.write(root.resolve("a/b/file"), new byte[] {1});
    FileOps.deleteRecursively(root);
    assertFalse(Files.exists(root));
    FileOps.deleteRecursively(root);
  }
}
