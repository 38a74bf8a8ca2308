package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics record's call: Modelibr's route and envelope, sent only for a sound job with a 64-character soundHash. */
class ModelibrSoundCallsTest {
  static final String HASH = "ab".repeat(32);
  final ModelibrBackend modelibr = new ModelibrBackend();
  final JsonObject payload = new JsonObject().put("version", 1).put("bpm", (Object) null);

  private DequeuedJob job(String type, String hash) {
    return new DequeuedJob(7, type, 42, hash, 1, new JsonObject(), modelibr);
  }

  @Test
  void aSoundJobWithItsHashPutsTheRecord() {
    ApiCall call = modelibr.soundStatistics(job("Sound", HASH), payload).orElseThrow();
    assertEquals(HttpMethod.PUT, call.method());
    assertEquals("/assets/Sound/42/extraction", call.path());
    JsonObject body = call.body();
    assertTrue(body.containsKey("versionId") && body.getValue("versionId") == null, body.encode());
    assertEquals(HASH, body.getString("fileSha256"));
    assertEquals(1, body.getInteger("extractorVersion"));
    assertEquals(1, body.getInteger("schemaVersion"));
    assertTrue(body.containsKey("outcome") && body.getValue("outcome") == null, body.encode());
    assertEquals(payload, body.getJsonObject("payload"));
    assertEquals(new JsonArray(), body.getJsonArray("warnings"));
  }

  @Test
  void noRecordWithoutAHashOrForOtherJobsOrContracts() {
    assertTrue(modelibr.soundStatistics(job("Sound", null), payload).isEmpty(), "no soundHash");
    assertTrue(modelibr.soundStatistics(job("Sound", "abc"), payload).isEmpty(), "a hash the route would refuse");
    assertTrue(modelibr.soundStatistics(job("Model", HASH), payload).isEmpty(), "not a sound job");
    assertTrue(new SpecBackend().soundStatistics(job("Sound", HASH), payload).isEmpty(), "the spec keeps no statistics");
  }
}
