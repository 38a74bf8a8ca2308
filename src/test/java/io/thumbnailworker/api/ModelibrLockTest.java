package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modelibr's lock rule on the reference server: a job claimed through Modelibr's dequeue whose lock ran out is not
 * failed by the lease sweeper; it stays Processing until the next dequeue takes it again, its attempt count reset. A
 * job claimed through the spec's dequeue keeps the spec's rule (its expired lease counts as a failed attempt).
 */
class ModelibrLockTest {
  @Test
  @DisplayName("an expired Modelibr lock makes the job claimable again with its attempt count reset; a spec lease still counts")
  void expiredLockResetsAttempts(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    long lockMs = 400;
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0)
        .lockTimeoutMs(lockMs).leaseSweepMs(50).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      long job = http.uploadModel("hangs.obj", ApiTestClient.obj(1)).getLong("jobId");
      assertEquals(1, ModelibrCalls.dequeue(http, "w1").getInteger("attemptCount"));
      assertEquals(200, http.post("/thumbnail-jobs/" + job + "/finish", new JsonObject().put("success", false)
          .put("errorMessage", "crashed")).statusCode());
      JsonObject second = ModelibrCalls.dequeue(http, "w2");
      assertEquals(job, second.getLong("id"));
      assertEquals(2, second.getInteger("attemptCount"));
      assertNull(ModelibrCalls.dequeue(http, "w3"), "a locked job is not handed out");

      // the worker hangs: well past the lock and many sweeps, the job is still Processing and still at attempt 2
      long lockedUntil = System.currentTimeMillis() + lockMs;
      Await.until(Duration.ofSeconds(10), "the lock to run out", () -> System.currentTimeMillis() > lockedUntil + 300);
      JsonObject held = ModelibrCalls.job(http, job);
      assertEquals("Processing", held.getString("status"));
      assertEquals(2, held.getInteger("attemptCount"));
      assertEquals("crashed", held.getString("errorMessage"), "no failure was recorded for the expired lock");

      JsonObject again = ModelibrCalls.dequeue(http, "w4");
      assertEquals(job, again.getLong("id"));
      assertEquals(1, again.getInteger("attemptCount"), "Modelibr resets the attempt count of a job whose lock ran out");
      assertEquals("w4", ModelibrCalls.job(http, job).getString("workerId"));
      ModelibrCalls.finishOk(http, again);

      // the same server, a spec claim: the sweeper fails the expired lease as an attempt
      long spec = http.uploadModel("spec.obj", ApiTestClient.obj(2)).getLong("jobId");
      assertEquals(spec, http.dequeue("spec-worker").getLong("id"));
      Await.until(Duration.ofSeconds(10), "the spec lease to be swept", () -> "Pending".equals(http.job(spec).getString("status")));
      assertEquals(1, http.job(spec).getInteger("attemptCount"));
      assertTrue(http.job(spec).getString("errorMessage").contains("lease expired"));
      assertEquals("spec", http.job(spec).getString("contract"));
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
