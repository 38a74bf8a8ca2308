package io.thumbnailworker.jobs;

import io.thumbnailworker.api.FaultInjector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Job folders of worker processes sharing one storage path, against the real reference API: each child worker is
 * held mid-job by a stalled model download, so its job folder exists while it runs. A worker's start removes the
 * folders of workers that were killed, and keeps those of workers still running.
 */
class JobFoldersProcessTest {
  @TempDir Path tmp;
  RealApi api;
  final List<Process> children = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : children) if (p.isAlive()) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    if (api != null) api.close();
  }

  private Process startChild(String workerId, Path storage) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.thumbnailworker.cli.Main", "worker")
        .directory(Files.createDirectories(tmp.resolve(workerId)).toFile())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve(workerId).resolve("worker.log").toFile());
    pb.environment().putAll(Map.of("API_BASE_URL", api.baseUrl(), "WORKER_ID", workerId, "WORKER_PORT", "0",
        "WORKER_ROLES", "jobs", "POLL_INTERVAL_MS", "200", "THUMBNAIL_STORAGE_PATH", storage.toString()));
    Process p = pb.start();
    children.add(p);
    return p;
  }

  /** The folder of job {@code jobId} under {@code storage/jobs/<owner>/}, when one exists. */
  private static Optional<Path> jobFolder(Path storage, long jobId) {
    try (Stream<Path> all = Files.walk(storage.resolve("jobs"), 2)) {
      return all.filter(p -> p.getFileName().toString().startsWith("job-" + jobId + "-") && Files.isDirectory(p)).findFirst();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void kill(Process p) throws Exception {
    p.destroyForcibly();                                // SIGKILL: nothing of the worker's own cleanup runs
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue());
  }

  @Test
  @DisplayName("a SIGKILLed worker's job folder is removed by the next worker starting on its storage path; a live worker's is kept")
  void crashedWorkersFoldersAreSwept() throws Exception {
    FaultInjector faults = new FaultInjector().stall(2, "GET", Contract.SPEC.modelFileRegex, 120_000);
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.faults(faults));
    Path storage = tmp.resolve("shared-storage");

    Process doomed = startChild("w-doomed", storage);
    long first = api.uploadModel("first.obj", RealApi.obj(1)).getLong("jobId");
    eventually(Duration.ofSeconds(60), "the first worker is mid-download", () -> faults.injected() == 1);
    Path doomedFolder = jobFolder(storage, first).orElseThrow();
    kill(doomed);
    assertTrue(Files.isDirectory(doomedFolder), "a killed worker leaves its job folder");

    Process live = startChild("w-live", storage);
    long second = api.uploadModel("second.obj", RealApi.obj(2)).getLong("jobId");
    try {
      eventually(Duration.ofSeconds(60), "the second worker is mid-download", () -> faults.injected() == 2);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; its log:\n" + Files.readString(tmp.resolve("w-live").resolve("worker.log")), e);
    }
    Path liveFolder = jobFolder(storage, second).orElseThrow();
    assertFalse(Files.exists(doomedFolder.getParent()), "swept when the second worker started: " + doomedFolder);

    // another worker starting on the same path while the second one runs: its folder stays
    try (JobFolders third = JobFolders.openAndSweep(storage)) {
      assertTrue(Files.isDirectory(liveFolder), "a live worker's job folder is kept");
      assertTrue(Files.isDirectory(third.ownFolder()));
    }
    kill(live);
    try (JobFolders fourth = JobFolders.openAndSweep(storage)) {
      assertFalse(Files.exists(liveFolder.getParent()), "swept once its worker was killed");
      try (Stream<Path> left = Files.list(storage.resolve("jobs"))) {
        assertEquals(List.of(fourth.ownFolder().getFileName().toString(), fourth.ownFolder().getFileName() + ".lock"),
            left.map(p -> p.getFileName().toString()).sorted().toList(), "only the running worker's own folder and lock");
      }
    }
    try (Stream<Path> left = Files.list(storage.resolve("jobs"))) {
      assertEquals(0, left.count(), "a worker that stops removes its own folder and lock");
    }
  }
}
