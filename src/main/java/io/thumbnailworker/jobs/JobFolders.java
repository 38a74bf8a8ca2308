package io.thumbnailworker.jobs;

import io.thumbnailworker.fs.FileOps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The job folders of one worker process under {@code THUMBNAIL_STORAGE_PATH/jobs}, and the sweep of those that crashed
 * workers left behind. Each process owns one folder, {@code jobs/<owner>/}, its jobs' folders inside, and proves it is
 * alive by an OS file lock on {@code jobs/<owner>.lock}, taken before the folder is made and held until it is
 * removed. The lock dies with the process, however it ends ({@code kill -9} included), so the sweep at start removes
 * exactly the folders whose lock it can take: their owner is gone. A PID and start time would not do where several
 * hosts share one storage path (a PID means nothing on another host); a lock does, where the file system carries locks
 * between hosts (local disks, NFSv4). Folders without a lock file (from before owners were recorded) are removed too.
 *
 * <p>Blocking file I/O: call from a worker thread. Locks are held per process, and closing any channel on a file
 * drops the process's lock on it, so a sweep never opens the lock of an owner in this JVM (several nodes may share
 * one, in tests).
 */
final class JobFolders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobFolders.class);
  /** Owners held by this JVM: a sweep must not touch their lock files. */
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
  /** A lock file with no folder is left this long: its owner may be between taking the lock and making the folder. */
  private static final Duration LONE_LOCK_AGE = Duration.ofMinutes(1);

  private final Path root;
  private final String owner;
  private final FileChannel channel;
  private final FileLock lock;

  private JobFolders(Path root, String owner, FileChannel channel, FileLock lock) {
    this.root = root;
    this.owner = owner;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes an owner's lock under {@code storage/jobs} and makes its folder. */
  static JobFolders open(Path storage) throws IOException {
    Path root = Files.createDirectories(storage.resolve("jobs"));
    String owner = "w-" + ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    FileChannel channel = FileChannel.open(root.resolve(owner + ".lock"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
      if (lock == null) throw new IOException("could not lock " + root.resolve(owner + ".lock"));
      HELD.add(owner);
      Files.createDirectories(root.resolve(owner));
    } catch (IOException | RuntimeException e) {
      channel.close();
      HELD.remove(owner);
      throw e;
    }
    return new JobFolders(root, owner, channel, lock);
  }

  /** {@link #open}, then {@link #sweep}, logging what it removed. */
  static JobFolders openAndSweep(Path storage) throws IOException {
    JobFolders folders = open(storage);
    try {
      int swept = folders.sweep();
      if (swept > 0) LOG.info("Removed {} job folder(s) left by workers no longer running", swept);
    } catch (IOException e) {
      LOG.warn("Could not sweep the job folders of stopped workers under {}: {}", folders.root, e.toString());
    }
    return folders;
  }

  /** A new folder name for a job (not created): {@code jobs/<owner>/job-<id>-<random>}. */
  Path newJobDir(long jobId) {
    return root.resolve(owner).resolve("job-" + jobId + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  /** This process's folder. */
  Path ownFolder() { return root.resolve(owner); }

  /** Removes every folder under {@code jobs/} whose owner is no longer alive; answers how many. */
  int sweep() throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (!HELD.contains(name) && removeIfOrphan(entry, root.resolve(name + ".lock"))) removed++;
        } else if (name.endsWith(".lock") && !HELD.contains(name.substring(0, name.length() - 5))
            && !Files.exists(root.resolve(name.substring(0, name.length() - 5)))) {
          removeLoneLock(entry);
        }
      }
    }
    return removed;
  }

  /** Removes {@code dir} when no process holds its lock (or it has none); false while its owner lives. */
  private static boolean removeIfOrphan(Path dir, Path lockFile) throws IOException {
    if (!Files.exists(lockFile)) {
      deleteQuietly(dir);
      return true;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
      if (l == null) return false;                       // another process holds it: alive
      deleteQuietly(dir);                                // folder first, lock last: a folder never outlives its lock
      Files.deleteIfExists(lockFile);
      return true;
    } catch (NoSuchFileException | OverlappingFileLockException e) {
      return false;                                      // swept by another worker just now, or held in this JVM
    }
  }

  /** A lock file without its folder, once it is too old to be an owner's that is just starting (never opened before). */
  private static void removeLoneLock(Path lockFile) throws IOException {
    try {
      if (Files.getLastModifiedTime(lockFile).toInstant().isAfter(Instant.now().minus(LONE_LOCK_AGE))) return;
    } catch (NoSuchFileException e) {
      return;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
      if (l != null) Files.deleteIfExists(lockFile);
    } catch (NoSuchFileException | OverlappingFileLockException e) {
      // gone already, or held here
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      FileOps.deleteRecursively(dir);
    } catch (NoSuchFileException e) {
      // removed by another worker's sweep meanwhile
    } catch (IOException e) {
      LOG.warn("Could not remove the job folder {} left by a stopped worker: {}", dir, e.getMessage());
    }
  }

  /** {@link #close()} on a worker thread of {@code vertx}; a failure is logged, not returned (the node is stopping). */
  Future<Void> closeOn(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      close();
      return null;
    }, false).<Void>mapEmpty().recover(err -> {
      LOG.warn("Could not remove this worker's job folder: {}", err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Removes this process's folder, then its lock. */
  @Override
  public void close() throws IOException {
    try {
      deleteQuietly(ownFolder());
      Files.deleteIfExists(root.resolve(owner + ".lock"));
    } finally {
      HELD.remove(owner);
      lock.release();
      channel.close();
    }
  }
}
