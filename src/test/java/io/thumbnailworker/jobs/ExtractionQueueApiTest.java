package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The reference API's Modelibr extraction queue and version side-data routes over a real socket: claims, leases,
 * attempts, and the checks of the side-data PUTs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtractionQueueApiTest {
  static final String KEY = "extraction-api-key";
  Path tmp;
  RealApi api;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("extraction-api");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY));
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  static HttpResponse<Buffer> post(RealApi api, String path, JsonObject body, boolean keyed) throws Exception {
    var req = api.web.postAbs(api.baseUrl() + path);
    if (keyed) req.putHeader("X-Api-Key", api.apiKey());
    return req.sendJsonObject(body).await(30, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> finish(long id, String worker, boolean success, String message) throws Exception {
    JsonObject body = new JsonObject().put("workerId", worker).put("success", success);
    if (message != null) body.put("errorMessage", message);
    return post(api, "/extraction-jobs/" + id + "/finish", body, true);
  }

  private HttpResponse<Buffer> dequeue(String worker) throws Exception {
    return post(api, "/extraction-jobs/dequeue", new JsonObject().put("workerId", worker).put("extractorFamily", "Geometry"), true);
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getString("error"), r.bodyAsString());
  }

  @Test
  @DisplayName("dequeue claims the oldest waiting job (attempt +1, locked to the worker); finish checks the claim and the lease; a "
      + "failure returns it to Pending until its third attempt, then Dead; success ends Done with the warning; enqueueing "
      + "twice answers the open job")
  void queueSemantics() throws Exception {
    long modelId = api.uploadModel("tri.obj", RealApi.obj(1)).getLong("id");
    HttpResponse<Buffer> created = post(api, "/extraction-jobs", new JsonObject().put("assetType", "Model").put("assetId", modelId), true);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject job = created.bodyAsJsonObject();
    long id = job.getLong("id");
    assertNotNull(job.getLong("versionId"), "a Model gets its latest version: " + job.encode());
    assertEquals(200, post(api, "/extraction-jobs", new JsonObject().put("assetType", "Model").put("assetId", modelId), true).statusCode(),
        "the same open job again");
    assertEquals(401, post(api, "/extraction-jobs/dequeue", new JsonObject().put("workerId", "w1"), false).statusCode(),
        "the queue needs the key");
    assertError(dequeue(" "), 400, "InvalidWorkerId");
    assertError(finish(id, "w1", true, null), 400, "ExtractionJobNotClaimed");

    HttpResponse<Buffer> claim = dequeue("w1");
    assertEquals(200, claim.statusCode(), claim.bodyAsString());
    JsonObject claimed = claim.bodyAsJsonObject();
    assertEquals(id, claimed.getLong("id"));
    assertEquals("Model", claimed.getString("assetType"));
    assertEquals(modelId, claimed.getLong("assetId"));
    assertEquals("Geometry", claimed.getString("extractorFamily"));
    assertEquals(1, claimed.getInteger("attemptCount"));
    assertEquals(3, claimed.getInteger("maxAttempts"));
    assertEquals(204, dequeue("w2").statusCode(), "the only job is claimed");
    assertError(finish(id, "w2", true, null), 400, "ExtractionJobLeaseLost");
    assertError(finish(999_999, "w1", true, null), 404, "ExtractionJobNotFound");

    assertEquals(204, finish(id, "w1", false, " ").statusCode());
    JsonObject after = api.get("/extraction-jobs/" + id).bodyAsJsonObject();
    assertEquals("Pending", after.getString("status"), after.encode());
    assertEquals("Extraction failed.", after.getString("errorMessage"), "a blank reason gets Modelibr's default");
    for (int attempt = 2; attempt <= 3; attempt++) {
      JsonObject again = dequeue("w1").bodyAsJsonObject();
      assertEquals(attempt, again.getInteger("attemptCount"), again.encode());
      assertEquals(204, finish(id, "w1", false, "could not read it").statusCode());
    }
    JsonObject dead = api.get("/extraction-jobs/" + id).bodyAsJsonObject();
    assertEquals("Dead", dead.getString("status"), dead.encode());
    assertEquals("could not read it", dead.getString("errorMessage"));
    assertEquals(204, dequeue("w1").statusCode(), "a dead job is not handed out");

    long sound = post(api, "/extraction-jobs", new JsonObject().put("assetType", "Sound").put("assetId", 7), true)
        .bodyAsJsonObject().getLong("id");
    assertEquals(sound, dequeue("w1").bodyAsJsonObject().getLong("id"));
    HttpResponse<Buffer> done = post(api, "/extraction-jobs/" + sound + "/finish",
        new JsonObject().put("workerId", "w1").put("success", true).put("warningDetail", "skipped"), true);
    assertEquals(204, done.statusCode(), done.bodyAsString());
    JsonObject ended = api.get("/extraction-jobs/" + sound).bodyAsJsonObject();
    assertEquals("Done", ended.getString("status"), ended.encode());
    assertEquals("skipped", ended.getString("warningDetail"));
    assertError(post(api, "/extraction-jobs", new JsonObject().put("assetType", "Model").put("assetId", 424242), true), 400, "bad_request");
  }

  @Test
  @DisplayName("the side-data PUTs: 204 and readable back; 400 ModelVersionNotFound for an unknown version; 400 InvalidFileHash "
      + "for a scene graph without a 64-character hash; 401 without the key")
  void sideData() throws Exception {
    JsonObject model = api.uploadModel("side.obj", RealApi.obj(2));
    long version = model.getLong("modelVersionId");
    JsonObject tech = new JsonObject().put("triangleCount", 1).put("meshCount", 1);
    assertEquals(204, api.put("/model-versions/" + version + "/technical-metadata", tech).statusCode());
    assertError(api.put("/model-versions/999999/technical-metadata", tech), 400, "ModelVersionNotFound");
    assertError(api.put("/model-versions/" + version + "/scene-graph", new JsonObject().put("fileSha256", "abc")), 400, "InvalidFileHash");
    JsonObject graph = new JsonObject().put("fileSha256", model.getString("hash")).put("parts", new io.vertx.core.json.JsonArray());
    assertEquals(204, api.put("/model-versions/" + version + "/scene-graph", graph).statusCode());
    var unkeyed = api.web.putAbs(api.baseUrl() + "/model-versions/" + version + "/technical-metadata").sendJsonObject(tech)
        .await(30, TimeUnit.SECONDS);
    assertEquals(401, unkeyed.statusCode());
    JsonObject stored = api.get("/model-versions/" + version).bodyAsJsonObject();
    assertEquals(tech, stored.getJsonObject("technicalMetadata"));
    assertEquals(graph, stored.getJsonObject("sceneGraph"));
  }
}
