package io.thumbnailworker.jobs;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.FakeModelibr.array;
import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A whole worker node (hub and jobs roles, API_PROFILE=auto) against a fake Modelibr backend over real sockets, with
 * a test render consumer that writes real images. Polling is off, so every job is claimed because its camelCase
 * JobEnqueued reached the registered worker.
 */
class ModelibrWorkerTest {
  static final String WORKER = "w-modelibr";
  @TempDir Path tmp;
  FakeModelibr api;
  WorkerNode node;
  FakeRender render;
  Vertx serverVertx;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeModelibr(tmp.resolve("uploads"));
    serverVertx = Vertx.vertx();
    api.start(serverVertx).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) node.shutdown().await(30, TimeUnit.SECONDS);
    serverVertx.close().await(10, TimeUnit.SECONDS);
  }

  private void startWorker(Map<String, Object> extra) throws Exception {
    JsonObject flat = new JsonObject().put("API_BASE_URL", api.baseUrl()).put("WORKER_ID", WORKER).put("WORKER_PORT", 0)
        .put("WORKER_ROLES", "hub,jobs").put("CONFIG_SCAN_PERIOD_MS", 0).put("THUMBNAIL_STORAGE_PATH", tmp.resolve("work").toString())
        .put("POLL_INTERVAL_MS", 3_600_000).put("SAFETY_POLL_INTERVAL_MS", 3_600_000).put("RETRY_DELAY_MS", 20)
        .put("WORKER_API_KEY", "key-1").put("SIGNALR_TRANSPORT", "WebSockets");
    extra.forEach(flat::put);
    node = WorkerNode.start(new ConfigService.Sources(tmp.resolve("none.json"), false, Map.of(), new Properties(), flat))
        .await(30, TimeUnit.SECONDS);
    render = new FakeRender();
    render.start(node.vertx()).await(5, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(10), "the worker registered on the hub", () -> api.hub.registeredConnections() == 1
        && node.view().hub().connected());
    // the claim every (re)connect makes: answered before any job exists, so later jobs are claimed on their event
    eventually(Duration.ofSeconds(10), "the on-connect claim", () -> !api.dequeueBodies.isEmpty());
  }

  /** A glTF with two companions (one path written Windows-style) and texture set {@code setId} for its material "Body". */
  private long gltfJob(long setId) {
    api.file("/models/12/versions/34/file", "Duck.gltf", Buffer.buffer("{\"asset\":{\"version\":\"2.0\"}}"));
    api.document("/models/12/versions/34/auxiliary-files", new JsonObject().put("modelVersionId", 34).put("auxiliaries", array(
        new JsonObject().put("fileId", 501).put("relativePath", "Duck0.bin").put("originalFileName", "Duck0.bin"),
        new JsonObject().put("fileId", 502).put("relativePath", "textures\\duck.png"))));
    api.file("/files/501", "Duck0.bin", Buffer.buffer(new byte[1234]));
    api.file("/files/502", "duck.png", Buffer.buffer(new byte[321]));
    api.document("/texture-sets/7", new JsonObject().put("id", 7).put("uvScale", 2.0).put("textures", array(
        new JsonObject().put("textureType", 1).put("sourceChannel", 5).put("fileId", 601).put("fileName", "albedo.png"),
        new JsonObject().put("textureType", 4).put("sourceChannel", 1).put("fileId", 602).put("fileName", "orm.png"),
        new JsonObject().put("textureType", 5).put("sourceChannel", 2).put("fileId", 602).put("fileName", "orm.png"))));
    api.file("/files/601", "albedo.png", Buffer.buffer(new byte[601]));
    api.file("/files/602", "orm.png", Buffer.buffer(new byte[602]));
    return api.enqueue(new JsonObject().put("assetType", "Model").put("modelId", 12).put("modelVersionId", 34)
        .put("modelHash", "hash-12").put("mainVariantName", "").putNull("defaultTextureSetId")
        .put("textureMappings", array(new JsonObject().put("materialName", "Body").put("textureSetId", setId).put("variantName", ""))));
  }

  @Test
  @DisplayName("a model job: registered, acknowledged with two arguments, rendered at the server's settings with its companions "
      + "and texture set, uploaded as WebP and PNG for its version, finished once; a TextureSet job whose set does not exist is failed on its own route")
  void modelAndSoundJobs() throws Exception {
    startWorker(Map.of("RENDER_WIDTH", 96, "RENDER_HEIGHT", 96));
    assertEquals(new JsonArray().add(WORKER), api.hub.invocations("RegisterWorker").get(0).getJsonArray("arguments"));
    api.settings = new JsonObject().put("size", 128).put("frameCount", 12).put("isAnimated", true);
    long job = gltfJob(7);
    eventually(Duration.ofSeconds(15), "the model job finished", () -> "Done".equals(api.status(job)));

    assertEquals(new JsonArray().add(job).add(WORKER),
        api.hub.invocations("AcknowledgeJobProcessing").get(0).getJsonArray("arguments"), "jobId (a number), workerId");
    JsonObject request = render.requests.get(0);
    RenderSettings settings = RenderSettings.fromJson(request.getJsonObject("settings"));
    assertEquals(List.of(128, 128, 12), List.of(settings.width(), settings.height(), settings.frameCount()), "the server's settings");
    assertEquals("transparent", settings.background());
    assertEquals("png", request.getString("posterFormat"));
    assertTrue(request.getString("modelPath").endsWith("/model/Duck.gltf"), request.getString("modelPath"));
    Map<String, Long> files = render.filesAtRequest.get(job);
    assertEquals(1234L, files.get("model/Duck0.bin"), files.toString());
    assertEquals(321L, files.get("model/textures/duck.png"), files.toString());
    JsonArray materials = request.getJsonArray("materials");
    assertEquals(1, materials.size());
    JsonObject body = materials.getJsonObject(0);
    assertEquals("Body", body.getString("materialName"));
    assertEquals(2.0, body.getDouble("uvScale"));
    assertEquals(List.of("Albedo:RGB:601", "AO:R:602", "Roughness:G:602"), body.getJsonArray("maps").stream()
        .map(o -> (JsonObject) o).map(m -> m.getString("type") + ":" + m.getString("channel") + ":"
            + files.get(Path.of(request.getString("outputDir")).getParent().relativize(Path.of(m.getString("file"))).toString()))
        .toList(), "each map's file was on disk, with its bytes, when the render began");
    assertEquals(1, api.requests.stream().filter(r -> r.equals("GET /files/602")).count(), "a shared image is fetched once");

    assertEquals(List.of("/models/12/thumbnail/upload?versionId=34 image/webp key-1", "/models/12/thumbnail/png-upload?versionId=34 image/png key-1"),
        api.uploads.stream().map(u -> u.uri() + " " + u.contentType() + " " + u.apiKey()).toList());
    List<FakeModelibr.Finish> finishes = api.finishesOf(job);
    assertEquals(1, finishes.size());
    assertEquals("/thumbnail-jobs/" + job + "/finish", finishes.get(0).path());
    assertEquals(new JsonObject().put("success", true).put("thumbnailPath", "/thumbnails/12/thumb.webp")
        .put("sizeBytes", api.uploads.get(0).size()).put("width", 64).put("height", 64), finishes.get(0).body());
    eventually(Duration.ofSeconds(5), "the job's events", () -> api.eventTypes(job).contains("JobCompleted"));
    assertTrue(api.eventTypes(job).containsAll(List.of("JobStarted", "ModelDownloaded", "FrameRenderingCompleted",
        "ThumbnailUploadCompleted", "JobCompleted")), api.eventTypes(job).toString());

    long set = api.enqueue(new JsonObject().put("assetType", "TextureSet").putNull("modelId").put("textureSetId", 3));
    eventually(Duration.ofSeconds(10), "the texture set job reported", () -> !api.finishesOf(set).isEmpty());
    assertEquals(List.of(new FakeModelibr.Finish("/thumbnail-jobs/texture-sets/" + set + "/finish", new JsonObject().put("success", false)
        .put("errorMessage", "texture set 3 does not exist"))), api.finishesOf(set));
    assertEquals("Pending", api.status(set), "the server accepted it on its own route");
    eventually(Duration.ofSeconds(5), "the texture set job's events", () -> api.eventTypes(set).contains("JobFailed"));

    JsonObject status = WebClient.create(node.vertx()).get(node.statusPort(), "127.0.0.1", "/status").send()
        .await(5, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals("modelibr", status.getJsonObject("worker").getString("apiProfile"));
    assertTrue(api.dequeueBodies.stream().allMatch(b -> WORKER.equals(b.getString("workerId"))), api.dequeueBodies.toString());
  }

  @Test
  @DisplayName("the worker registers again after every reconnect (also one lost as it registered), and unregisters when it shuts down")
  void registersOnEveryConnect() throws Exception {
    api.hub.closeAfterRegistering = 1;
    startWorker(Map.of());
    eventually(Duration.ofSeconds(10), "registered again after the first connection closed as it registered",
        () -> api.hub.invocations("RegisterWorker").size() == 2 && api.hub.registeredConnections() == 1 && node.view().hub().connected());
    api.hub.dropAll();
    eventually(Duration.ofSeconds(10), "registered again", () -> api.hub.invocations("RegisterWorker").size() == 3
        && api.hub.registeredConnections() == 1);
    long job = gltfJob(7);
    eventually(Duration.ofSeconds(15), "a job announced after the reconnect is done", () -> "Done".equals(api.status(job)));
    node.shutdown().await(30, TimeUnit.SECONDS);
    node = null;
    assertEquals(new JsonArray().add(WORKER), api.hub.invocations("UnregisterWorker").get(0).getJsonArray("arguments"));
  }

  @Test
  @DisplayName("settings that cannot be read leave the local keys in charge, a texture set that cannot be read the model's own "
      + "materials, an event log that never answers holds nothing up, and an explicit RENDER_BACKGROUND stays")
  void settingsAndEventsFailing() throws Exception {
    startWorker(Map.of("RENDER_WIDTH", 96, "RENDER_HEIGHT", 80, "RENDER_BACKGROUND", "#112233", "HTTP_TIMEOUT_MS", 20_000));
    api.settingsFail = true;
    api.eventsStall = true;
    long t0 = System.nanoTime();
    long job = gltfJob(404);                      // no such texture set
    eventually(Duration.ofSeconds(15), "the model job finished", () -> "Done".equals(api.status(job)));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "no wait on the event log");
    assertEquals(new JsonArray(), render.requests.get(0).getJsonArray("materials"));
    assertTrue(api.requests.contains("GET /texture-sets/404"));
    RenderSettings settings = RenderSettings.fromJson(render.requests.get(0).getJsonObject("settings"));
    assertEquals(List.of(96, 80, 24), List.of(settings.width(), settings.height(), settings.frameCount()));
    assertEquals("#112233", settings.background());
    assertFalse(api.events.isEmpty(), "events were sent, just never answered");
  }

  @Test
  @DisplayName("a companion path that climbs out of the model's folder fails the job readably and writes nothing")
  void companionEscapeIsRefused() throws Exception {
    startWorker(Map.of());
    api.file("/models/12/versions/34/file", "Duck.gltf", Buffer.buffer("{}"));
    api.document("/models/12/versions/34/auxiliary-files", new JsonObject().put("auxiliaries", array(
        new JsonObject().put("fileId", 501).put("relativePath", "..\\..\\evil.bin"))));
    api.file("/files/501", "evil.bin", Buffer.buffer("x"));
    long job = api.enqueue(new JsonObject().put("assetType", "Model").put("modelId", 12).put("modelVersionId", 34));
    eventually(Duration.ofSeconds(10), "the job reported", () -> !api.finishesOf(job).isEmpty());
    assertEquals(new JsonObject().put("success", false).put("errorMessage",
        "download: companion path '..\\..\\evil.bin' climbs out of the model's folder"), api.finishesOf(job).get(0).body());
    assertFalse(api.requests.contains("GET /files/501"));
    assertTrue(render.requests.isEmpty());
  }
}
