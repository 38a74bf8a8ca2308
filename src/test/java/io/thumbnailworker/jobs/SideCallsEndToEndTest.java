package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.FaultInjector;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.render.assimp.TestScenes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Model side calls and the extraction queue through the whole system: the real reference API with
 * {@code --profile modelibr} and a key, one worker node (real render engine, importer process) on
 * {@code API_PROFILE=modelibr}, over real sockets. The model is written here: two objects, 13 triangles, two named
 * materials, 5 x 2 x 2 units.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SideCallsEndToEndTest {
  static final String KEY = "side-calls-key";
  final FaultInjector faults = new FaultInjector();
  Path tmp;
  RealApi api;
  WorkerNode worker;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("side-calls-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY).maxAttempts(1).faults(faults));
    assertEquals(200, api.put("/settings/thumbnail-render", new JsonObject().put("size", 64).put("frameCount", 2)
        .put("isAnimated", true)).statusCode());
    worker = RealApi.worker(tmp.resolve("worker"), api.baseUrl(), Map.of("WORKER_ID", "w-side", "WORKER_API_KEY", KEY,
        "API_PROFILE", "modelibr", "POLL_INTERVAL_MS", 300, "EXTRACTION_POLL_INTERVAL_MS", 300, "MAX_RETRIES", 1));
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) worker.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  /** Uploads the OBJ with its MTL; answers the upload's {id, hash, jobId, modelVersionId}. */
  private JsonObject upload(String name, String obj) throws Exception {
    return api.create("/models", new RealApi.Form()
        .file("file", name, "application/octet-stream", obj.getBytes(StandardCharsets.UTF_8))
        .file("file", "two.mtl", "application/octet-stream", TestScenes.MTL.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonObject awaitJob(JsonObject uploaded) throws Exception {
    long jobId = uploaded.getLong("jobId");
    eventually(Duration.ofSeconds(120), Duration.ofMillis(200), "job " + jobId + " ended", () -> api.all(List.of(jobId), "Done", "Dead"));
    return api.job(jobId);
  }

  private JsonObject version(JsonObject uploaded) throws Exception {
    return api.get("/model-versions/" + uploaded.getLong("modelVersionId")).bodyAsJsonObject();
  }

  private JsonObject enqueue(JsonObject body) throws Exception {
    var r = ExtractionQueueApiTest.post(api, "/extraction-jobs", body, true);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private JsonObject awaitExtraction(long id, String... statuses) {
    JsonObject[] last = new JsonObject[1];
    eventually(Duration.ofSeconds(120), Duration.ofMillis(200), "extraction job " + id + " in " + List.of(statuses), () -> {
      try {
        last[0] = api.get("/extraction-jobs/" + id).bodyAsJsonObject();
        return List.of(statuses).contains(last[0].getString("status"));
      } catch (Exception e) {
        return false;
      }
    });
    return last[0];
  }

  private static String partHash(JsonObject version, String path) {
    for (Object o : version.getJsonObject("sceneGraph").getJsonArray("parts")) {
      JsonObject p = (JsonObject) o;
      if (path.equals(p.getString("partPath"))) return p.getString("geometryHash");
    }
    throw new AssertionError("no part " + path + " in " + version.encode());
  }

  @Test
  @Order(1)
  @DisplayName("every rendered model job sends technical metadata and a scene graph that match the model; geometry hashes are "
      + "stable across jobs and differ for another mesh")
  void renderedJobsSendSceneData() throws Exception {
    JsonObject first = upload("two.obj", TestScenes.TWO_OBJECTS);
    JsonObject second = upload("two-again.obj", "# the same shapes again\n" + TestScenes.TWO_OBJECTS);
    JsonObject other = upload("two-moved.obj", TestScenes.TWO_OBJECTS.replace("v 2 2 2", "v 3 3 3"));
    for (JsonObject u : List.of(first, second, other)) assertEquals("Done", awaitJob(u).getString("status"), u.encode());

    JsonObject v1 = version(first);
    JsonObject tech = v1.getJsonObject("technicalMetadata");
    assertNotNull(tech, v1.encode());
    assertEquals(13, tech.getInteger("triangleCount"), tech.encode());
    assertEquals(2, tech.getInteger("meshCount"));
    assertEquals(2, tech.getInteger("materialCount"));
    assertEquals(new JsonArray().add("Red").add("Blue"), tech.getJsonArray("materialNames"));
    assertEquals(5.0, tech.getDouble("boundingBoxX"), 1e-9, "source units, before normalisation");
    JsonObject graph = v1.getJsonObject("sceneGraph");
    assertNotNull(graph, v1.encode());
    assertEquals(first.getString("hash"), graph.getString("fileSha256"), "the job's modelHash");
    assertEquals(2, graph.getInteger("extractorVersion"));
    assertEquals(1, graph.getInteger("geometryHashVersion"));
    assertEquals(13, graph.getJsonObject("rollups").getInteger("totalTriangles"));
    assertEquals(2, graph.getJsonArray("parts").size());

    JsonObject v2 = version(second), v3 = version(other);
    assertEquals(partHash(v1, "Box"), partHash(v2, "Box"), "same mesh, same hash");
    assertEquals(partHash(v1, "Wedge"), partHash(v2, "Wedge"));
    assertNotEquals(partHash(v1, "Box"), partHash(v3, "Box"), "a moved corner changes the box's hash");
    assertEquals(partHash(v1, "Wedge"), partHash(v3, "Wedge"), "the untouched wedge keeps its hash");
  }

  @Test
  @Order(2)
  @DisplayName("side-call routes answering 500 do not fail the model job")
  void failingSideCallsDoNotFailTheJob() throws Exception {
    int before = faults.injected();
    // MAX_RETRIES=1: two tries of each call
    faults.failNext(2, "PUT", "/model-versions/\\d+/technical-metadata", 500);
    faults.failNext(2, "PUT", "/model-versions/\\d+/scene-graph", 500);
    JsonObject uploaded = upload("two-500.obj", "# refused side calls\n" + TestScenes.TWO_OBJECTS);
    JsonObject job = awaitJob(uploaded);
    assertEquals("Done", job.getString("status"), job.encode());
    assertEquals(before + 4, faults.injected(), "both calls were tried and refused");
    JsonObject v = version(uploaded);
    assertNull(v.getValue("technicalMetadata"), v.encode());
    assertNull(v.getValue("sceneGraph"), v.encode());
  }

  @Test
  @Order(3)
  @DisplayName("an extraction job for a good model ends Done with its scene graph stored")
  void extractionOfAGoodModel() throws Exception {
    JsonObject uploaded = upload("two-extract.obj", "# extracted\n" + TestScenes.TWO_OBJECTS);
    awaitJob(uploaded);
    long version = uploaded.getLong("modelVersionId");
    // a stand-in graph, so the one read back can only be the extraction's
    assertEquals(204, api.put("/model-versions/" + version + "/scene-graph",
        new JsonObject().put("fileSha256", "0".repeat(64)).put("parts", new JsonArray())).statusCode());
    JsonObject job = enqueue(new JsonObject().put("assetType", "Model").put("assetId", uploaded.getLong("id")));
    JsonObject done = awaitExtraction(job.getLong("id"), "Done", "Dead");
    assertEquals("Done", done.getString("status"), done.encode());
    JsonObject graph = version(uploaded).getJsonObject("sceneGraph");
    assertEquals(uploaded.getString("hash"), graph.getString("fileSha256"), "SHA-256 of the download: " + graph.encode());
    assertEquals(2, graph.getJsonArray("parts").size(), graph.encode());
    assertEquals(13, graph.getJsonObject("rollups").getInteger("totalTriangles"));
  }

  @Test
  @Order(4)
  @DisplayName("an extraction job for a malformed model is finished failed with a readable message on each attempt, then Dead")
  void extractionOfAMalformedModel() throws Exception {
    byte[] junk = new byte[2_048];
    new Random(5).nextBytes(junk);
    System.arraycopy("glTF".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 4);
    JsonObject uploaded = api.uploadModel("broken.glb", junk);
    JsonObject job = enqueue(new JsonObject().put("assetType", "Model").put("assetId", uploaded.getLong("id")));
    JsonObject dead = awaitExtraction(job.getLong("id"), "Dead");
    assertEquals(3, dead.getInteger("attemptCount"), dead.encode());
    assertNull(dead.getString("lockedBy"), "not left claimed: " + dead.encode());
    String why = dead.getString("errorMessage");
    assertNotNull(why, dead.encode());
    assertNotEquals("Extraction failed.", why);
    assertFalse(why.contains("Exception") || why.contains("\n") || why.length() > 500, why);
  }

  @Test
  @Order(5)
  @DisplayName("a non-Model extraction job finishes successfully with Modelibr's warning")
  void extractionOfANonModel() {
    JsonObject job;
    try {
      job = enqueue(new JsonObject().put("assetType", "TextureSet").put("assetId", 11));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    JsonObject done = awaitExtraction(job.getLong("id"), "Done", "Dead");
    assertEquals("Done", done.getString("status"), done.encode());
    assertEquals("No extraction runner for asset type TextureSet; skipped.", done.getString("warningDetail"));
  }

  @Test
  @Order(6)
  @DisplayName("an extraction job for a zipped model unpacks its main model and stores its scene graph")
  void extractionOfAZippedModel() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("two/two.obj"));
      zip.write(("# zipped\n" + TestScenes.TWO_OBJECTS).getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new java.util.zip.ZipEntry("two/two.mtl"));
      zip.write(TestScenes.MTL.getBytes(StandardCharsets.UTF_8));
    }
    JsonObject uploaded = api.uploadModel("two.zip", bytes.toByteArray());
    assertEquals("Done", awaitJob(uploaded).getString("status"));
    long version = uploaded.getLong("modelVersionId");
    assertEquals(204, api.put("/model-versions/" + version + "/scene-graph",
        new JsonObject().put("fileSha256", "0".repeat(64)).put("parts", new JsonArray())).statusCode());
    JsonObject job = enqueue(new JsonObject().put("assetType", "Model").put("assetId", uploaded.getLong("id"))
        .put("versionId", version));
    JsonObject done = awaitExtraction(job.getLong("id"), "Done", "Dead");
    assertEquals("Done", done.getString("status"), done.encode());
    JsonObject graph = version(uploaded).getJsonObject("sceneGraph");
    assertEquals(2, graph.getJsonArray("parts").size(), graph.encode());
    assertEquals(new JsonArray().add("Red").add("Blue"), graph.getJsonObject("rollups").getJsonArray("materialNames"));
  }
}
