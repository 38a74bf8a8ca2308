package io.thumbnailworker.api;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The lease rule of the reference server over real sockets: a holder that shows it is alive (the hub acknowledgement,
 * a Modelibr event sent with its worker id) keeps its job past many lock periods; a call from anyone else extends
 * nothing; and a dequeue never hands a job back to the worker that holds it.
 */
class LeaseHeartbeatTest {
  private static final long LOCK_MS = 1_500;
  /** Three lock periods of heartbeats, one every 200 ms. */
  private static final long ALIVE_FOR_MS = 3 * LOCK_MS;

  @Test
  @DisplayName("spec: AcknowledgeJob from the holder extends its lease past several lock periods; another worker's does not")
  void hubAcknowledgementIsAHeartbeat(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0)
        .lockTimeoutMs(LOCK_MS).leaseSweepMs(50).build()));
    HubConnection hub = HubConnectionBuilder.create(server.baseUrl() + "/hubs/thumbnail-jobs")
        .withTransport(TransportEnum.WEBSOCKETS).build();
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      assertTrue(hub.start().blockingAwait(20, TimeUnit.SECONDS));
      long jobId = http.uploadModel("slow.obj", ApiTestClient.obj(1)).getLong("jobId");
      assertEquals(jobId, http.dequeue("w-alive").getLong("id"));
      long until = System.currentTimeMillis() + ALIVE_FOR_MS;
      while (System.currentTimeMillis() < until) {
        assertTrue(hub.invoke("AcknowledgeJob", Map.of("JobId", jobId, "WorkerId", "w-alive")).blockingAwait(10, TimeUnit.SECONDS));
        Thread.sleep(200);
      }
      JsonObject held = http.job(jobId);
      assertEquals("InProgress", held.getString("status"), "the live holder kept its job: " + held.encode());
      assertEquals(1, held.getInteger("attemptCount"));
      assertNull(held.getString("errorMessage"));
      assertNull(http.dequeue("w-alive"), "nothing else to claim, and never the job it holds");

      // only the holder's acknowledgement counts: another worker's keeps nothing alive
      long lost = System.currentTimeMillis() + 3 * LOCK_MS;
      while (System.currentTimeMillis() < lost && "InProgress".equals(http.job(jobId).getString("status"))) {
        assertTrue(hub.invoke("AcknowledgeJob", Map.of("JobId", jobId, "WorkerId", "w-other")).blockingAwait(10, TimeUnit.SECONDS));
        Thread.sleep(200);
      }
      JsonObject swept = http.job(jobId);
      assertEquals("Pending", swept.getString("status"), swept.encode());
      assertTrue(swept.getString("errorMessage").contains("lease expired: worker w-alive"), swept.getString("errorMessage"));
    } finally {
      hub.stop().blockingAwait(10, TimeUnit.SECONDS);
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("modelibr: events from the holder extend its lock; once it runs out the job goes to another worker, not back to its holder")
  void eventsAreAHeartbeatAndTheHolderCannotReclaim(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0)
        .lockTimeoutMs(LOCK_MS).leaseSweepMs(50).build()));
    WebClient raw = WebClient.create(vertx);
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      long jobId = http.uploadModel("slow.obj", ApiTestClient.obj(2)).getLong("jobId");
      assertEquals(jobId, ModelibrCalls.claim(http, jobId, "w1").getLong("id"));
      JsonObject progress = new JsonObject().put("eventType", "JobProgress").put("message", "still rendering");
      long until = System.currentTimeMillis() + ALIVE_FOR_MS;
      while (System.currentTimeMillis() < until) {
        var answer = ApiTestClient.await(raw.postAbs(server.baseUrl() + "/thumbnail-jobs/" + jobId + "/events")
            .putHeader("X-Worker-Id", "w1").sendJsonObject(progress));
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        assertNull(ModelibrCalls.dequeue(http, "w2"), "the lock of a live holder does not run out");
        Thread.sleep(200);
      }
      assertEquals("w1", ModelibrCalls.job(http, jobId).getString("workerId"));

      // the holder goes quiet: past its lock the job is claimable, but not by the worker that may still be running it
      long quietFrom = System.currentTimeMillis();
      Await.until(Duration.ofSeconds(10), "the lock to run out", () -> System.currentTimeMillis() > quietFrom + LOCK_MS + 300);
      assertNull(ModelibrCalls.dequeue(http, "w1"), "a job is never handed back to its holder");
      JsonObject taken = ModelibrCalls.dequeue(http, "w2");
      assertNotNull(taken, "another worker takes the job whose lock ran out");
      assertEquals(jobId, taken.getLong("id"));
      assertEquals("w2", ModelibrCalls.job(http, jobId).getString("workerId"));

      // an event from the old holder no longer keeps anything alive: w2's lock runs out on time
      long w2From = System.currentTimeMillis();
      ApiTestClient.await(raw.postAbs(server.baseUrl() + "/thumbnail-jobs/" + jobId + "/events")
          .putHeader("X-Worker-Id", "w1").sendJsonObject(progress));
      Await.until(Duration.ofSeconds(10), "w2's lock to run out", () -> System.currentTimeMillis() > w2From + LOCK_MS + 300);
      assertEquals(jobId, ModelibrCalls.dequeue(http, "w1").getLong("id"), "w1 does not hold it any more, so may take it");
    } finally {
      raw.close();
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
