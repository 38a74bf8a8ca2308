package io.thumbnailworker.hub;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HubEventsTest {
  private static JsonObject parse(String json) { return JsonParser.parseString(json).getAsJsonObject(); }

  @Test
  void jobEnqueuedAcceptsPascalAndCamelCase() {
    var pascal = HubEvents.jobEnqueued(parse(
        "{\"JobId\":123,\"ModelId\":456,\"ModelHash\":\"abc\",\"Status\":\"Pending\",\"AttemptCount\":0,\"CreatedAt\":\"2026-11-28T10:00:00.1234567Z\"}"));
    var camel = HubEvents.jobEnqueued(parse(
        "{\"jobId\":123,\"modelId\":456,\"modelHash\":\"abc\",\"status\":\"Pending\",\"attemptCount\":0,\"createdAt\":\"2026-11-28T10:00:00.1234567Z\"}"));
    assertEquals(pascal, camel);
    assertEquals(123L, camel.jobId());
    assertEquals(456L, camel.modelId());
    assertEquals("2026-11-28T10:00:00.1234567Z", camel.createdAt());
  }

  @Test
  void jobStatusChangedAcceptsBothAndToleratesMissingFields() {
    var s = HubEvents.jobStatusChanged(parse("{\"JobId\":7,\"status\":\"InProgress\",\"WORKERID\":\"w-1\"}"));
    assertEquals(7L, s.jobId());
    assertEquals("InProgress", s.status());
    assertEquals("w-1", s.workerId());
    assertNull(s.updatedAt());
  }

  @Test
  void acknowledgeIsPascalCaseAsTheSpecShows() {
    assertEquals("{\"JobId\":5,\"WorkerId\":\"w\"}", HubEvents.acknowledge(5, "w").toString());
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
