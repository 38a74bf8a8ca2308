package io.thumbnailworker.hub;

import com.google.gson.Gson;
import io.thumbnailworker.backend.HubCall;
import io.thumbnailworker.backend.HubEvent;
import io.thumbnailworker.backend.SpecBackend;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Hub payloads as the spec contract reads them, and the acknowledgement it sends. */
class HubEventsTest {
  private final SpecBackend spec = new SpecBackend();

  private HubEvent read(String event, String json) {
    return spec.readHubEvent(event, new JsonObject(json)).orElseThrow();
  }

  @Test
  void jobEnqueuedAcceptsPascalAndCamelCase() {
    var pascal = ((HubEvent.JobAvailable) read("JobEnqueued",
        "{\"JobId\":123,\"ModelId\":456,\"ModelHash\":\"abc\",\"Status\":\"Pending\",\"AttemptCount\":0,\"CreatedAt\":\"2026-11-28T10:00:00.1234567Z\"}")).hint();
    var camel = ((HubEvent.JobAvailable) read("JobEnqueued",
        "{\"jobId\":123,\"modelId\":456,\"modelHash\":\"abc\",\"status\":\"Pending\",\"attemptCount\":0,\"createdAt\":\"2026-11-28T10:00:00.1234567Z\"}")).hint();
    assertEquals(pascal, camel);
    assertEquals(123L, camel.jobId());
    assertEquals(456L, camel.modelId());
    assertEquals("2026-11-28T10:00:00.1234567Z", camel.createdAt());
  }

  @Test
  void jobStatusChangedAcceptsBothAndToleratesMissingFields() {
    var s = ((HubEvent.StatusChanged) read("JobStatusChanged", "{\"JobId\":7,\"status\":\"InProgress\",\"WORKERID\":\"w-1\"}")).change();
    assertEquals(7L, s.jobId());
    assertEquals("InProgress", s.status());
    assertEquals("w-1", s.workerId());
    assertNull(s.updatedAt());
  }

  @Test
  void otherEventsAreNotRead() {
    assertTrue(spec.readHubEvent("JobAcknowledged", new JsonObject().put("jobId", 1)).isEmpty());
  }

  @Test
  void acknowledgeIsPascalCaseAsTheSpecShows() {
    HubCall ack = spec.acknowledge(5, "w");
    assertEquals("AcknowledgeJob", ack.method());
    assertEquals(1, ack.arguments().size());
    assertEquals("{\"JobId\":5,\"WorkerId\":\"w\"}", new Gson().toJson(ack.arguments().get(0)));
  }

  @Test
  void reconnectDelaysFollowTheSpecWithJitter() {
    for (int i = 0; i < 100; i++) {
      assertTrue(ReconnectBackoff.delayMs(0) <= 250);
      long d1 = ReconnectBackoff.delayMs(1), d2 = ReconnectBackoff.delayMs(2), d9 = ReconnectBackoff.delayMs(9);
      assertTrue(d1 >= 1600 && d1 <= 2400, "2 s: " + d1);
      assertTrue(d2 >= 8000 && d2 <= 12000, "10 s: " + d2);
      assertTrue(d9 >= 24000 && d9 <= 36000, "30 s forever: " + d9);
    }
  }
}
