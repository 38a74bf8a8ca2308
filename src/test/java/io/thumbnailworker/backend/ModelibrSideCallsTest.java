package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which side calls each contract makes after a model's render, and their bodies. */
class ModelibrSideCallsTest {
  static final String HASH = "a".repeat(64);
  static final JsonObject FACTS = new JsonObject()
      .put("technicalMetadata", new JsonObject().put("triangleCount", 12).put("meshCount", 1))
      .put("sceneGraph", new JsonObject().put("rollups", new JsonObject().put("meshCount", 1))
          .put("parts", new JsonArray().add(new JsonObject().put("partPath", "Box"))).put("warnings", new JsonArray()));

  private static DequeuedJob job(Backend backend, String hash, Long version) {
    JsonObject body = new JsonObject().put("modelId", 5);
    if (version != null) body.put("modelVersionId", version);
    return new DequeuedJob(9, DequeuedJob.MODEL, 5, hash, 1, body, backend);
  }

  @Test
  void modelibrSendsTechnicalMetadataThenTheSceneGraph() {
    ModelibrBackend modelibr = new ModelibrBackend();
    List<ApiCall> calls = modelibr.modelSideCalls(job(modelibr, HASH, 1001L), FACTS);
    assertEquals(2, calls.size(), calls.toString());
    assertEquals(HttpMethod.PUT, calls.get(0).method());
    assertEquals("/model-versions/1001/technical-metadata", calls.get(0).path());
    assertEquals(FACTS.getJsonObject("technicalMetadata"), calls.get(0).body());
    assertEquals("/model-versions/1001/scene-graph", calls.get(1).path());
    JsonObject graph = calls.get(1).body();
    assertEquals(HASH, graph.getString("fileSha256"));
    assertEquals(2, graph.getInteger("extractorVersion"));
    assertEquals(1, graph.getInteger("geometryHashVersion"));
    assertEquals(1, graph.getInteger("schemaVersion"));
    assertEquals("Box", graph.getJsonArray("parts").getJsonObject(0).getString("partPath"));
  }

  @Test
  void withoutAHashOnlyTheMetadataAndWithoutAVersionNothing() {
    ModelibrBackend modelibr = new ModelibrBackend();
    List<ApiCall> noHash = modelibr.modelSideCalls(job(modelibr, null, 1001L), FACTS);
    assertEquals(List.of("/model-versions/1001/technical-metadata"), noHash.stream().map(ApiCall::path).toList());
    assertEquals(List.of(), modelibr.modelSideCalls(job(modelibr, HASH, null), FACTS));
    assertEquals(List.of(), modelibr.modelSideCalls(job(modelibr, HASH, 1001L), null));
  }

  @Test
  void theSpecSendsNothing() {
    SpecBackend spec = new SpecBackend();
    assertEquals(List.of(), spec.modelSideCalls(job(spec, HASH, 1001L), FACTS));
  }
}
