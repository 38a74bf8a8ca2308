package io.thumbnailworker.jobs;

import io.thumbnailworker.api.FaultInjector;
import io.thumbnailworker.node.WorkerNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real worker process (the {@code worker} subcommand in a child JVM) killed or terminated in the middle of a job,
 * against the real reference API. The child is held mid-job by a stalled model download (the API's fault injector),
 * so this needs no renderer. Each runs in both {@link Contract}s; in Modelibr's, the server counts every finish of a job, so
 * a job finished twice would show.
 */
class WorkerProcessTest {
  @TempDir Path tmp;
  RealApi api;
  Process child;
  WorkerNode rescuer;

  @AfterEach
  void tearDown() throws Exception {
    if (child != null && child.isAlive()) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    if (rescuer != null) rescuer.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
  }

  private Process startChild(String workerId, Map<String, String> env) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(workerId));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.thumbnailworker.cli.Main", "worker")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker.log").toFile());
    pb.environment().putAll(Map.of("API_BASE_URL", api.baseUrl(), "WORKER_ID", workerId, "WORKER_PORT", "0",
        "WORKER_ROLES", "hub,jobs", "POLL_INTERVAL_MS", "200", "THUMBNAIL_STORAGE_PATH", dir.toString(),
        "SIGNALR_TRANSPORT", "WebSockets"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private String log(String workerId) throws Exception {
    return Files.readString(tmp.resolve(workerId).resolve("worker.log"));
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("worker (on an explicit API_PROFILE) SIGKILLed mid-job: once the job's lock runs out another worker completes it, once")
  void sigkillMidJob(Contract contract) throws Exception {
    FaultInjector faults = new FaultInjector().stall(1, "GET", contract.modelFileRegex, 120_000);
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server).lockTimeoutMs(3_000).faults(faults));
    child = startChild("w-doomed", Map.of("API_PROFILE", contract.workerProfile));
    long jobId = api.uploadModel("doomed.obj", RealApi.obj(1)).getLong("jobId");
    eventually(Duration.ofSeconds(60), "the child is mid-download", () -> faults.injected() == 1);
    assertEquals(api.inProgress(), api.status(jobId));
    assertEquals("w-doomed", api.job(jobId).getString(contract == Contract.SPEC ? "assignedWorkerId" : "workerId"));
    child.destroyForcibly();                          // SIGKILL
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    // Modelibr announces neither an expired lock nor the job it frees: the rescuer finds it by its safety poll
    rescuer = RealApi.worker(tmp.resolve("w-rescuer"), api.baseUrl(), Map.of("WORKER_ID", "w-rescuer",
        "WORKER_ROLES", "hub,jobs", "POLL_INTERVAL_MS", 200, "SAFETY_POLL_INTERVAL_MS", 1_000));
    new FakeRender().start(rescuer.vertx()).await(5, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "another worker completed it", () -> api.completed().equals(api.status(jobId)));
    var job = api.job(jobId);
    // spec: the lease sweep counted the lost attempt; Modelibr: the expired lock's re-claim reset the count first
    assertEquals(contract == Contract.SPEC ? 2 : 1, job.getInteger("attemptCount"), job.encode());
    if (contract == Contract.MODELIBR) {
      assertEquals(1, job.getInteger("finishCount"), "finished once, by the rescuer: " + job.encode());
      assertEquals("w-rescuer", job.getString("workerId"));
    }
    eventually(Duration.ofSeconds(5), "counted by the rescuer", () -> rescuer.metrics().completed() == 1);
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("worker (on API_PROFILE=auto) SIGTERMed mid-job: the job is failed back once, nothing is left in progress, the process exits 0")
  void sigtermMidJob(Contract contract) throws Exception {
    FaultInjector faults = new FaultInjector().stall(1, "GET", contract.modelFileRegex, 120_000);
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server).faults(faults));
    child = startChild("w-term", Map.of("SHUTDOWN_TIMEOUT_MS", "1000"));
    long jobId = api.uploadModel("term.obj", RealApi.obj(2)).getLong("jobId");
    eventually(Duration.ofSeconds(60), "the child is mid-download", () -> faults.injected() == 1);
    long t0 = System.nanoTime();
    child.destroy();                                  // SIGTERM
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the worker exits after SIGTERM");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println("SIGTERM mid-job: exited with " + child.exitValue() + " after " + ms + " ms");
    assertEquals(0, child.exitValue(), "an orderly stop exits 0");
    var job = api.job(jobId);
    assertEquals("Pending", job.getString("status"), "failed back and re-queued: " + job.encode());
    assertTrue(job.getString("errorMessage").startsWith("worker shutting down"), job.encode());
    assertEquals(1, job.getInteger("attemptCount"), job.encode());
    if (contract == Contract.MODELIBR) assertEquals(1, job.getInteger("finishCount"), "failed back once: " + job.encode());
    assertTrue(api.jobs().stream().noneMatch(o -> api.inProgress().equals(((io.vertx.core.json.JsonObject) o).getString("status"))));
    assertTrue(log("w-term").contains("worker shutting down"), "logged");
  }
}
