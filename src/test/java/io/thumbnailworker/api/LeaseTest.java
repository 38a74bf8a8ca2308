package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead worker's job is not lost: its lease runs out, it is re-queued and announced, and a poison job ends Failed. */
class LeaseTest {
  @Test
  @DisplayName("an abandoned job returns to Pending after its lease, is announced again, and ends Failed after maxAttempts")
  void abandonedJobIsSweptBackThenFails(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0)
        .lockTimeoutMs(400).leaseSweepMs(50).maxAttempts(2).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port()); HubEvents hub = new HubEvents(server.baseUrl(), null)) {
      long jobId = http.uploadModel("poison.obj", ApiTestClient.obj(1)).getLong("jobId");
      hub.await("JobEnqueued " + jobId + " Pending attempts=0");

      JsonObject first = http.dequeue("worker-dies-1");
      assertEquals(jobId, first.getLong("id"));
      assertEquals(1, first.getInteger("attemptCount"));
      // the worker vanishes; the sweeper counts the attempt and re-queues the job
      hub.await("JobEnqueued " + jobId + " Pending attempts=1");
      JsonObject swept = http.job(jobId);
      assertEquals("Pending", swept.getString("status"));
      assertEquals(1, swept.getInteger("attemptCount"));
      assertTrue(swept.getString("errorMessage").contains("lease expired: worker worker-dies-1"), swept.getString("errorMessage"));
      assertNull(swept.getString("assignedWorkerId"));
      hub.await("JobStatusChanged " + jobId + " Pending");

      // the late worker can no longer complete it
      assertEquals(409, http.post("/api/thumbnail-jobs/" + jobId + "/complete",
          new JsonObject().put("workerId", "worker-dies-1")).statusCode());

      JsonObject second = http.dequeue("worker-dies-2");
      assertEquals(2, second.getInteger("attemptCount"));
      hub.await("JobStatusChanged " + jobId + " Failed");
      JsonObject failed = http.job(jobId);
      assertEquals("Failed", failed.getString("status"));
      assertEquals(2, failed.getInteger("attemptCount"));
      assertTrue(failed.getString("errorMessage").contains("attempt 2 of 2"), failed.getString("errorMessage"));
      assertEquals(1, hub.count("JobEnqueued " + jobId + " Pending attempts=1"));
      assertEquals(0, hub.count("JobEnqueued " + jobId + " Pending attempts=2"), "a job out of attempts is not re-announced");
      assertNull(http.dequeue("worker-3"), "a Failed job is never handed out again");

      // retry puts it back with its attempts reset, announced
      JsonObject retried = http.post("/api/thumbnail-jobs/" + jobId + "/retry", null).bodyAsJsonObject();
      assertEquals("Pending", retried.getString("status"));
      assertEquals(0, retried.getInteger("attemptCount"));
      hub.awaitCount("JobEnqueued " + jobId + " Pending attempts=0", 2);
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
