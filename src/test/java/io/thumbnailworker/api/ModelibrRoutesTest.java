package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static io.thumbnailworker.api.ModelibrCalls.claim;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modelibr's REST contract on the reference server (profile both, with an API key), over real sockets. */
class ModelibrRoutesTest {
  static final String KEY = "modelibr-key";
  static final long MAX_THUMBNAIL = 200_000;
  @TempDir
  static Path data;
  static Vertx vertx;
  static ApiServer server;
  static ApiTestClient http;
  static ApiTestClient anon;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).apiKey(KEY)
        .maxThumbnailBytes(MAX_THUMBNAIL).build()));
    http = new ApiTestClient(vertx, server.port());
    http.apiKey = KEY;
    anon = new ApiTestClient(vertx, server.port());
  }

  @AfterAll
  static void stop() {
    http.close();
    anon.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  static JsonObject error(int status, String code, HttpResponse<Buffer> r) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    if (code != null) assertEquals(code, body.getString("error"), r.bodyAsString());
    return body;
  }

  static JsonObject textureSet() {
    return textureSetOn(http);
  }

  /** {@code POST /texture-sets} with one Albedo texture. */
  static JsonObject textureSetOn(ApiTestClient http) {
    HttpResponse<Buffer> r = new ModelibrCalls.Form().file("file", "wood.png", "image/png", TestImages.png(8, Color.ORANGE))
        .field("textureType", "Albedo").post(http, "/texture-sets");
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  @DisplayName("dequeue answers the full job: a model with companions and texture mappings, Processing, attempt 1")
  void dequeueAnswersTheFullJob() {
    long setId = textureSet().getLong("id");
    byte[] gltf = "{\"asset\":{\"version\":\"2.0\"},\"buffers\":[{\"uri\":\"bin/duck.bin\"}]}".getBytes();
    byte[] bin = new byte[] {1, 2, 3, 4, 5};
    String mappings = new JsonArray().add(new JsonObject().put("materialName", "Body").put("textureSetId", setId)
        .put("variantName", "red")).encode();
    HttpResponse<Buffer> up = new ModelibrCalls.Form().file("file", "bin/duck.bin", "application/octet-stream", bin)
        .file("file", "duck.gltf", "model/gltf+json", gltf).field("textureMappings", mappings)
        .field("defaultTextureSetId", String.valueOf(setId)).field("mainVariantName", "red").post(http, "/models");
    assertEquals(201, up.statusCode(), up.bodyAsString());
    JsonObject model = up.bodyAsJsonObject();
    assertEquals("duck.gltf", model.getString("name"), "the renderable file is the main one");
    JsonObject job;
    synchronized (ModelibrCalls.class) {
      job = claim(http, model.getLong("jobId"), "worker-1");
    }
    assertEquals(List.of("id", "assetType", "modelId", "modelVersionId", "modelHash", "soundId", "soundHash", "textureSetId",
        "environmentMapId", "environmentMapVariantId", "defaultTextureSetId", "mainVariantName", "textureMappings", "status",
        "attemptCount", "createdAt", "updatedAt"), List.copyOf(job.fieldNames()));
    assertEquals("Model", job.getString("assetType"));
    assertEquals(model.getLong("id"), job.getLong("modelId"));
    assertEquals(model.getLong("modelVersionId"), job.getLong("modelVersionId"));
    assertTrue(job.getLong("modelVersionId") != job.getLong("modelId"), "version ids are not model ids");
    assertEquals(model.getString("hash"), job.getString("modelHash"));
    assertEquals("Processing", job.getString("status"));
    assertEquals(1, job.getInteger("attemptCount"));
    assertEquals(setId, job.getLong("defaultTextureSetId"));
    assertEquals("red", job.getString("mainVariantName"));
    assertEquals(new JsonArray(mappings), job.getJsonArray("textureMappings"));
    assertNull(job.getValue("soundId"));

    // the version's file and its companion round trip
    String version = "/models/" + job.getLong("modelId") + "/versions/" + job.getLong("modelVersionId");
    HttpResponse<Buffer> main = anon.get(version + "/file");
    assertArrayEquals(gltf, main.body().getBytes());
    assertTrue(main.getHeader("Content-Disposition").contains("duck.gltf"));
    JsonObject aux = anon.get(version + "/auxiliary-files").bodyAsJsonObject();
    assertEquals(job.getLong("modelVersionId"), aux.getLong("modelVersionId"));
    JsonObject companion = aux.getJsonArray("auxiliaries").getJsonObject(0);
    assertEquals("bin/duck.bin", companion.getString("relativePath"));
    assertEquals("duck.bin", companion.getString("originalFileName"));
    assertEquals(5, companion.getLong("sizeBytes"));
    assertEquals(64, companion.getString("sha256Hash").length());
    assertArrayEquals(bin, anon.get("/files/" + companion.getLong("fileId")).body().getBytes());
    error(404, null, anon.get("/models/" + job.getLong("modelId") + "/versions/" + (job.getLong("modelVersionId") + 1) + "/file"));
    ModelibrCalls.finishOk(http, job);
  }

  @Test
  @DisplayName("companion names may not escape the model's folder; texture sets named must exist")
  void companionAndMappingChecks() {
    for (String bad : List.of("../evil.png", "/etc/passwd", "a//b.png", "a\\..\\b.png", "./x.png", "C:x.png")) {
      HttpResponse<Buffer> r = new ModelibrCalls.Form().file("file", "m.obj", "model/obj", ApiTestClient.obj(3))
          .file("file", bad, "image/png", new byte[] {1}).post(http, "/models");
      error(400, "bad_request", r);
    }
    error(400, "bad_request", new ModelibrCalls.Form().file("file", "m.obj", "model/obj", ApiTestClient.obj(3))
        .field("defaultTextureSetId", "999999").post(http, "/models"));
    error(400, "bad_request", new ModelibrCalls.Form().file("file", "m.obj", "model/obj", ApiTestClient.obj(3))
        .field("textureMappings", "[{\"materialName\":\"x\",\"textureSetId\":\"one\"}]").post(http, "/models"));
  }

  @Test
  @DisplayName("each asset type finishes on its own route; another route answers 400 InvalidJobType; body rules apply")
  void finishPerType() {
    JsonObject sound = http.upload("/sounds", "ping.mp3", new byte[] {9, 9, 9}, "audio/mpeg", null).bodyAsJsonObject();
    JsonObject set = textureSet();
    HttpResponse<Buffer> env = new ModelibrCalls.Form().file("file", "sky.hdr", "image/vnd.radiance", new byte[] {7, 7})
        .field("name", "sky").post(http, "/environment-maps");
    assertEquals(201, env.statusCode(), env.bodyAsString());
    long model = http.uploadModel("finish.obj", ApiTestClient.obj(12)).getLong("jobId");
    long soundJob = sound.getLong("jobId");
    long setJob = set.getLong("jobId");
    long envJob = env.bodyAsJsonObject().getLong("jobId");
    synchronized (ModelibrCalls.class) {
      ModelibrCalls.claimAll(http, List.of(model, soundJob, setJob, envJob), "typed-worker");
    }
    JsonObject ok = new JsonObject().put("success", true).put("thumbnailPath", "/x.webp").put("waveformPath", "w/x.png");
    error(400, "InvalidJobType", http.post("/thumbnail-jobs/" + soundJob + "/finish", ok));
    error(400, "InvalidJobType", http.post("/thumbnail-jobs/sounds/" + model + "/finish", ok));
    error(400, "InvalidJobType", http.post("/thumbnail-jobs/texture-sets/" + envJob + "/finish", ok));
    error(400, "InvalidJobType", http.post("/thumbnail-jobs/environment-maps/" + setJob + "/finish", ok));
    error(400, "ThumbnailJobNotFound", http.post("/thumbnail-jobs/999999/finish", ok));
    error(400, "JobNotFound", http.post("/thumbnail-jobs/sounds/999999/finish", ok));
    error(400, "InvalidJobType", http.post("/thumbnail-jobs/environment-maps/999999/finish", ok));

    // the model route's own rules
    error(400, "InvalidCommand", http.post("/thumbnail-jobs/" + model + "/finish", new JsonObject().put("success", true)));
    error(400, "InvalidCommand", http.post("/thumbnail-jobs/" + model + "/finish", new JsonObject().put("success", false)));
    error(400, "ThumbnailJobFinishFailed", http.post("/thumbnail-jobs/" + model + "/finish", ok.copy().put("width", 0)));
    error(400, "ThumbnailJobFinishFailed", http.post("/thumbnail-jobs/" + model + "/finish", ok.copy().put("sizeBytes", -1)));
    error(400, "ThumbnailJobFinishFailed", http.post("/thumbnail-jobs/" + model + "/finish", ok.copy().put("thumbnailPath", "x".repeat(501))));
    error(400, "ThumbnailJobFinishFailed", http.post("/thumbnail-jobs/" + model + "/finish",
        new JsonObject().put("success", false).put("errorMessage", "e".repeat(1001))));
    error(400, "InvalidCommand", http.post("/thumbnail-jobs/sounds/" + soundJob + "/finish", new JsonObject().put("success", true)));
    error(400, "InvalidCommand", http.post("/thumbnail-jobs/environment-maps/" + envJob + "/finish",
        new JsonObject().put("success", true).put("thumbnailPath", "  ")));

    JsonObject done = http.post("/thumbnail-jobs/" + model + "/finish", ok.copy().put("width", 256).put("height", 256)
        .put("sizeBytes", 1234)).bodyAsJsonObject();
    assertEquals("Completed", done.getString("status"));
    assertEquals("Done", ModelibrCalls.job(http, model).getString("status"));
    assertEquals("Completed", http.job(model).getString("status"), "the spec listing names it its own way");

    assertEquals(200, http.post("/thumbnail-jobs/sounds/" + soundJob + "/finish", new JsonObject().put("success", true)
        .put("waveformPath", "waveforms/x/waveform.png").put("duration", 1.5).put("sampleRate", 44100).put("channels", 2)
        .put("format", "MP3")).statusCode());
    JsonObject finishedSound = anon.get("/sounds/" + sound.getLong("id")).bodyAsJsonObject();
    assertEquals(1.5, finishedSound.getDouble("duration"));
    assertEquals(44100, finishedSound.getInteger("sampleRate"));
    assertEquals("mp3", finishedSound.getString("format"));

    // a texture set's failure without a message is "Unknown error"; a job back to Pending until 3 attempts, then Dead
    assertEquals(200, http.post("/thumbnail-jobs/texture-sets/" + setJob + "/finish", new JsonObject().put("success", false)).statusCode());
    JsonObject failedSet = ModelibrCalls.job(http, setJob);
    assertEquals("Pending", failedSet.getString("status"));
    assertEquals("Unknown error", failedSet.getString("errorMessage"));
    JsonObject envDone = http.post("/thumbnail-jobs/environment-maps/" + envJob + "/finish", ok).bodyAsJsonObject();
    assertEquals(env.bodyAsJsonObject().getLong("id"), envDone.getLong("environmentMapId"));
    assertEquals("/x.webp", anon.get("/environment-maps/" + envDone.getLong("environmentMapId")).bodyAsJsonObject()
        .getJsonArray("variants").getJsonObject(0).getString("thumbnailPath"));
  }

  @Test
  @DisplayName("a failed finish re-queues while attempts < 3, then the job is Dead")
  void failuresEndDead() {
    long job = http.uploadModel("dead.obj", ApiTestClient.obj(21)).getLong("jobId");
    JsonObject fail = new JsonObject().put("success", false).put("errorMessage", "no GPU");
    for (int attempt = 1; attempt <= 3; attempt++) {
      synchronized (ModelibrCalls.class) {
        assertEquals(attempt, claim(http, job, "w" + attempt).getInteger("attemptCount"));
      }
      JsonObject r = http.post("/thumbnail-jobs/" + job + "/finish", fail).bodyAsJsonObject();
      assertEquals("Failed", r.getString("status"));
      assertEquals(attempt < 3 ? "Pending" : "Dead", ModelibrCalls.job(http, job).getString("status"));
    }
    assertEquals("Failed", http.job(job).getString("status"));
    assertEquals("modelibr", http.job(job).getString("contract"));
    assertEquals(3, ModelibrCalls.job(http, job).getInteger("finishCount"));
  }

  @Test
  @DisplayName("dequeue needs a workerId of 1-100 characters; events are checked, stored and listed")
  void dequeueAndEvents() {
    error(400, "InvalidWorkerId", http.post("/thumbnail-jobs/dequeue", new JsonObject()));
    error(400, "InvalidWorkerId", http.post("/thumbnail-jobs/dequeue", new JsonObject().put("workerId", "x".repeat(101))));
    long job = http.uploadModel("events.obj", ApiTestClient.obj(31)).getLong("jobId");
    String events = "/thumbnail-jobs/" + job + "/events";
    JsonObject ok = new JsonObject().put("eventType", "JobStarted").put("message", "started")
        .put("metadata", "{\"modelId\":1}");
    JsonObject posted = anon.post(events, ok).bodyAsJsonObject();
    assertTrue(posted.getLong("eventId") > 0);
    error(400, "EventLoggingFailed", anon.post(events, ok.copy().put("eventType", "x".repeat(101))));
    error(400, "EventLoggingFailed", anon.post(events, ok.copy().put("message", "")));
    error(400, "EventLoggingFailed", anon.post(events, ok.copy().put("metadata", "m".repeat(4001))));
    error(400, "EventLoggingFailed", anon.post(events, ok.copy().put("errorMessage", "e".repeat(2001))));
    error(400, "ThumbnailJobNotFound", anon.post("/thumbnail-jobs/999999/events", ok));
    JsonArray stored = http.get(events).bodyAsJsonArray();
    assertEquals(1, stored.size());
    assertEquals("{\"modelId\":1}", stored.getJsonObject(0).getString("metadata"));
  }

  @Test
  @DisplayName("settings: defaults 256/30/true, a validated change is served to workers")
  void settings() {
    JsonObject render = anon.get("/settings/thumbnail-render").bodyAsJsonObject();
    assertEquals(new JsonObject().put("size", 256).put("frameCount", 30).put("isAnimated", true), render);
    error(401, null, anon.send(io.vertx.core.http.HttpMethod.PUT, "/settings/thumbnail-render", new JsonObject().put("size", 512)));
    error(400, "InvalidSettings", http.send(io.vertx.core.http.HttpMethod.PUT, "/settings/thumbnail-render", new JsonObject().put("size", 300)));
    error(400, "InvalidSettings", http.send(io.vertx.core.http.HttpMethod.PUT, "/settings/thumbnail-render", new JsonObject().put("frameCount", 361)));
    assertEquals(200, http.send(io.vertx.core.http.HttpMethod.PUT, "/settings/thumbnail-render",
        new JsonObject().put("size", 512).put("frameCount", 12).put("isAnimated", false)).statusCode());
    assertEquals(new JsonObject().put("size", 512).put("frameCount", 12).put("isAnimated", false),
        anon.get("/settings/thumbnail-render").bodyAsJsonObject());
    JsonObject all = anon.get("/settings").bodyAsJsonObject();
    assertEquals(MAX_THUMBNAIL, all.getLong("maxThumbnailSizeBytes"));
    assertEquals(512, all.getInteger("textureProxySize"));
    assertEquals(false, anon.get("/settings/blender-enabled").bodyAsJsonObject().getBoolean("enableBlender"));
    assertEquals(200, http.send(io.vertx.core.http.HttpMethod.PUT, "/settings/thumbnail-render",
        new JsonObject().put("size", 256).put("frameCount", 30).put("isAnimated", true)).statusCode());
  }
}
