package io.thumbnailworker.jobs;

import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Jobs that outlive the reference server's short lock, with real worker nodes (hub and jobs roles) over real sockets
 * and a stand-in renderer that takes several lock periods. A job must run once on its worker whatever the lock does,
 * and a job lost to another worker must be left to it.
 */
class LeaseEndToEndTest {
  private static final long LOCK_MS = 1_500;
  @TempDir Path tmp;
  RealApi api;
  final List<WorkerNode> nodes = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (WorkerNode n : nodes) n.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
  }

  private WorkerNode worker(String id, Contract contract, long renderMs, FakeRender render) throws Exception {
    return worker(id, contract, "hub,jobs", renderMs, render);
  }

  private WorkerNode worker(String id, Contract contract, String roles, long renderMs, FakeRender render) throws Exception {
    WorkerNode node = RealApi.worker(tmp.resolve(id), api.baseUrl(), Map.of("WORKER_ID", id, "API_PROFILE",
        contract.workerProfile, "WORKER_ROLES", roles, "MAX_CONCURRENT_JOBS", 2, "POLL_INTERVAL_MS", 200,
        "SAFETY_POLL_INTERVAL_MS", 1_000));
    nodes.add(node);
    render.delayMs = renderMs;
    render.start(node.vertx()).await(5, TimeUnit.SECONDS);
    return node;
  }

  @ParameterizedTest
  @EnumSource(Contract.class)
  @DisplayName("a job rendering for four lock periods runs once, takes one slot, and is finished once")
  void jobOutlivingItsLockRunsOnce(Contract contract) throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(contract.server).lockTimeoutMs(LOCK_MS).leaseSweepMs(50));
    FakeRender render = new FakeRender();
    WorkerNode node = worker("w-slow", contract, 4 * LOCK_MS, render);
    // the heartbeat of the spec contract is the hub acknowledgement: claim once the hub is up
    eventually(Duration.ofSeconds(30), "the hub connection is up", () -> node.view().hub().connected());
    long jobId = api.uploadModel("slow.obj", RealApi.obj(1)).getLong("jobId");
    eventually(Duration.ofSeconds(20), "the job is rendering", () -> render.running.get() == 1);
    long maxActive = 0;
    while (render.running.get() > 0) {        // the whole render, lock periods and safety polls included
      maxActive = Math.max(maxActive, node.view().activeJobs());
      assertEquals(1, node.view().activeJobs(), "one job runs, and /status counts it");
      Thread.sleep(50);
    }
    eventually(Duration.ofSeconds(20), "the job is finished", () -> api.completed().equals(api.status(jobId)));
    assertEquals(1, render.requests.size(), "rendered once: " + render.requests);
    assertEquals(1, render.peak.get());
    JsonObject job = api.job(jobId);
    if (contract == Contract.SPEC) {
      assertEquals(1, job.getInteger("attemptCount"), "the heartbeats kept the lease: " + job.encode());
    } else {
      assertEquals(1, job.getInteger("finishCount"), "finished once: " + job.encode());
    }
    eventually(Duration.ofSeconds(5), "counted once", () -> node.metrics().completed() == 1);
    eventually(Duration.ofSeconds(5), "its slot freed", () -> node.view().activeJobs() == 0);
    assertEquals(1, maxActive);
  }

  @Test
  @DisplayName("spec, no hub to carry heartbeats: the job swept from its worker and claimed again by it runs once, in one slot")
  void jobSweptAndClaimedAgainBySameWorkerRunsOnce() throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(Contract.SPEC.server).lockTimeoutMs(LOCK_MS).leaseSweepMs(50));
    FakeRender render = new FakeRender();
    // between the lease's sweeps: the report must not land while the job is back in Pending, before the next claim
    WorkerNode node = worker("w-nohub", Contract.SPEC, "jobs", LOCK_MS * 5 / 3, render);
    long jobId = api.uploadModel("swept.obj", RealApi.obj(3)).getLong("jobId");
    eventually(Duration.ofSeconds(20), "the job is rendering", () -> render.running.get() == 1);
    while (render.running.get() > 0) {
      assertEquals(1, node.view().activeJobs(), "one job runs, and /status counts it");
      Thread.sleep(50);
    }
    eventually(Duration.ofSeconds(20), "the job is completed", () -> "Completed".equals(api.status(jobId)));
    JsonObject job = api.job(jobId);
    assertTrue(job.getInteger("attemptCount") >= 2, "its lease was swept and it was claimed again: " + job.encode());
    assertEquals("w-nohub", job.getString("assignedWorkerId"));
    assertEquals(1, render.requests.size(), "rendered once: " + render.requests);
    eventually(Duration.ofSeconds(5), "counted once", () -> node.metrics().completed() == 1);
  }

  @Test
  @DisplayName("modelibr: a job whose lock ran out and that another worker claimed is abandoned by its first worker, unreported")
  void jobLostToAnotherWorkerIsAbandoned() throws Exception {
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(Contract.MODELIBR.server).lockTimeoutMs(LOCK_MS));
    FakeRender slow = new FakeRender();
    WorkerNode first = worker("w-first", Contract.MODELIBR, 6 * LOCK_MS, slow);
    try (TestSupport.LogCapture log = TestSupport.captureLog(JobRunner.class)) {
      long jobId = api.uploadModel("contested.obj", RealApi.obj(2)).getLong("jobId");
      eventually(Duration.ofSeconds(20), "the first worker renders it", () -> slow.running.get() == 1);
      // Modelibr's real lock is 10 minutes, so the worker's heartbeat is a minute apart: this 1.5 s lock runs out
      FakeRender fast = new FakeRender();
      WorkerNode second = worker("w-second", Contract.MODELIBR, 1, fast);
      eventually(Duration.ofSeconds(20), "the second worker finished it", () -> "Done".equals(api.status(jobId)));
      assertEquals("w-second", api.job(jobId).getString("workerId"));
      eventually(Duration.ofSeconds(10), "the first worker stopped its copy", () -> first.view().activeJobs() == 0);
      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("Job " + jobId + " stopped unreported: lease lost")
          && l.contains("w-second")), log.lines().toString());
      eventually(Duration.ofSeconds(15), "the first render is over", () -> slow.running.get() == 0);
      JsonObject job = api.job(jobId);
      assertEquals(1, job.getInteger("finishCount"), "finished once, by the second worker: " + job.encode());
      assertEquals("Done", job.getString("status"));
      assertEquals(0, first.metrics().completed());
      assertEquals(1, second.metrics().completed());
    }
  }
}
