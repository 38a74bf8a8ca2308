package io.thumbnailworker.backend;

import com.google.gson.Gson;
import io.thumbnailworker.bus.RenderSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The modelibr contract's names and payloads, as modelibr.md and modelibr-assets.md give them. */
class ModelibrBackendTest {
  private final ModelibrBackend modelibr = new ModelibrBackend();

  private DequeuedJob modelJob(JsonObject extra) {
    return modelibr.readJob(new JsonObject().put("id", 7).put("assetType", "Model").put("modelId", 12)
        .put("modelVersionId", 34).put("modelHash", "abc").put("attemptCount", 1).mergeIn(extra));
  }

  @Test
  @DisplayName("camelCase hub events become a job hint and a status change; the informational ones are heard but not read")
  void hubEvents() {
    var hint = ((HubEvent.JobAvailable) modelibr.readHubEvent("JobEnqueued", new JsonObject("{\"jobId\":5,\"modelId\":9,"
        + "\"modelHash\":\"h\",\"soundId\":null,\"assetType\":\"Model\",\"status\":\"Pending\",\"attemptCount\":0,"
        + "\"createdAt\":\"2026-06-01T10:00:00Z\",\"timestamp\":\"2026-06-01T10:00:00Z\"}")).orElseThrow()).hint();
    assertEquals(5L, hint.jobId());
    assertEquals(9L, hint.modelId());
    assertEquals("h", hint.modelHash());
    var change = ((HubEvent.StatusChanged) modelibr.readHubEvent("JobStatusChanged",
        new JsonObject("{\"jobId\":5,\"status\":\"Processing\",\"workerId\":\"w-2\",\"timestamp\":\"t\"}")).orElseThrow()).change();
    assertEquals(5L, change.jobId());
    assertEquals("w-2", change.workerId());
    assertEquals("t", change.updatedAt());
    for (String informational : List.of("WorkerRegistered", "WorkerUnregistered", "JobAcknowledged")) {
      assertTrue(modelibr.hubEvents().contains(informational), informational);
      assertTrue(modelibr.readHubEvent(informational, new JsonObject().put("jobId", 5)).isEmpty(), informational);
    }
    assertEquals("/jobProcessingHub", modelibr.hubPath());
  }

  @Test
  @DisplayName("RegisterWorker on every connect, UnregisterWorker on the way out, AcknowledgeJobProcessing with two positional arguments")
  void hubInvocations() {
    assertEquals(List.of(new HubCall("RegisterWorker", List.of("w-1"))), modelibr.onConnect("w-1"));
    assertEquals(List.of(new HubCall("UnregisterWorker", List.of("w-1"))), modelibr.onDisconnect("w-1"));
    HubCall ack = modelibr.acknowledge(5, "w-1");
    assertEquals("AcknowledgeJobProcessing", ack.method());
    assertEquals("[5,\"w-1\"]", new Gson().toJson(ack.arguments()), "a number, then a string");
  }

  @Test
  @DisplayName("dequeue without /api; the probe's blank worker id can only be refused; only 204 means no job")
  void claiming() {
    assertEquals("POST /thumbnail-jobs/dequeue", modelibr.dequeue("w").toString());
    assertEquals(new JsonObject().put("workerId", "w"), modelibr.dequeue("w").body());
    assertEquals(new JsonObject().put("workerId", ""), modelibr.dequeueProbe().body());
    assertEquals("/thumbnail-jobs/dequeue", modelibr.dequeueProbe().path());
    assertEquals(java.util.Set.of(204), modelibr.noJobStatuses());
    assertEquals(480_000L, modelibr.maxJobTimeoutMs().getAsLong());
  }

  @Test
  @DisplayName("a dequeued job keeps its asset type, asset id and hash; unknown types and missing ids are refused")
  void readsJobs() {
    DequeuedJob model = modelJob(new JsonObject());
    assertEquals(List.of(7L, 12L, 12L, 1L), List.of(model.id(), model.assetId(), model.modelId(), (long) model.attemptCount()));
    assertEquals("abc", model.assetHash());
    assertSame(modelibr, model.backend());
    DequeuedJob sound = modelibr.readJob(new JsonObject().put("id", 8).put("assetType", "sound").put("soundId", 3)
        .put("soundHash", "s").put("modelId", null));
    assertEquals(List.of("Sound", "3", "0", "s"), List.of(sound.assetType(), "" + sound.assetId(), "" + sound.modelId(), sound.assetHash()));
    assertEquals("EnvironmentMap", modelibr.readJob(new JsonObject().put("id", 9).put("assetType", "EnvironmentMap")
        .put("environmentMapId", 4)).assetType());
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> modelibr.readJob(new JsonObject().put("id", 9).put("assetType", "Sprite")));
    assertTrue(unknown.getMessage().contains("asset type 'Sprite'"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> modelibr.readJob(new JsonObject().put("id", 9).put("assetType", "TextureSet")));
    assertThrows(IllegalArgumentException.class, () -> modelibr.readJob(new JsonObject().put("assetType", "Model").put("modelId", 1)));
  }

  @Test
  @DisplayName("versioned file routes; the WebP to upload and the PNG to png-upload, both for the job's version")
  void fileRoutes() {
    DequeuedJob job = modelJob(new JsonObject());
    assertEquals("/models/12/versions/34/file", modelibr.modelFilePath(job).orElseThrow());
    assertEquals("/models/12/versions/34/auxiliary-files", modelibr.companionsPath(job).orElseThrow());
    assertTrue(modelibr.modelMetadataPath(job).isEmpty());
    assertEquals("/files/99", modelibr.storedFilePath(99));
    assertEquals("/models/12/thumbnail/upload?versionId=34", modelibr.uploadPath(job, "image/webp"));
    assertEquals("/models/12/thumbnail/png-upload?versionId=34", modelibr.uploadPath(job, "image/png"));
    assertEquals("png", modelibr.posterFormat());
    DequeuedJob unversioned = modelJob(new JsonObject().putNull("modelVersionId"));
    assertEquals("/models/12/file", modelibr.modelFilePath(unversioned).orElseThrow());
    assertTrue(modelibr.companionsPath(unversioned).isEmpty());
  }

  @Test
  @DisplayName("finish bodies go to each asset type's own route: success with the upload's result, failure with the message")
  void finishPerAssetType() {
    JsonObject result = new JsonObject().put("thumbnailPath", "/t/a.webp").put("sizeBytes", 10).put("width", 256).put("height", 256);
    ApiCall done = modelibr.complete(7, "Model", result);
    assertEquals("POST /thumbnail-jobs/7/finish", done.toString());
    assertEquals(new JsonObject().put("success", true).put("thumbnailPath", "/t/a.webp").put("sizeBytes", 10)
        .put("width", 256).put("height", 256), done.body());
    assertEquals("POST /thumbnail-jobs/7/finish", modelibr.fail(7, null, "x").toString(), "reports from before asset types");
    assertEquals("POST /thumbnail-jobs/sounds/8/finish", modelibr.fail(8, "Sound", "x").toString());
    assertEquals("POST /thumbnail-jobs/texture-sets/9/finish", modelibr.fail(9, "TextureSet", "x").toString());
    assertEquals("POST /thumbnail-jobs/environment-maps/10/finish", modelibr.fail(10, "EnvironmentMap", "x").toString());
    assertEquals(new JsonObject().put("success", false).put("errorMessage", "render: no meshes"),
        modelibr.fail(7, "Model", "render: no meshes").body());
    assertEquals(1_000, modelibr.fail(7, "Model", "e".repeat(3_000)).body().getString("errorMessage").length());
    assertEquals(2_000, modelibr.fail(8, "Sound", "e".repeat(3_000)).body().getString("errorMessage").length());
  }

  @Test
  @DisplayName("a sound job: its file from /sounds/{id}/file, its waveform to /sounds/{id}/waveform/upload, finished on the "
      + "sound route with the waveform's facts; a model job names no sound file")
  void soundRoutes() {
    DequeuedJob sound = modelibr.readJob(new JsonObject().put("id", 8).put("assetType", "Sound").put("soundId", 3).put("soundHash", "s"));
    assertEquals(java.util.Optional.of("/sounds/3/file"), modelibr.soundFilePath(sound));
    assertEquals("/sounds/3/waveform/upload", modelibr.waveformUploadPath(sound));
    DequeuedJob model = modelibr.readJob(new JsonObject().put("id", 9).put("assetType", "Model").put("modelId", 4));
    assertEquals(java.util.Optional.empty(), modelibr.soundFilePath(model));
    JsonObject result = new JsonObject().put("waveformPath", "waveforms/s/waveform.png").put("sizeBytes", 900)
        .put("duration", 3.0).put("sampleRate", 44_100).put("channels", 1).put("format", "wav");
    ApiCall done = modelibr.complete(8, "Sound", result);
    assertEquals("POST /thumbnail-jobs/sounds/8/finish", done.toString());
    assertEquals(new JsonObject().put("success", true).mergeIn(result), done.body());
  }

  @Test
  @DisplayName("events: {eventType, message, metadata as a JSON string, errorMessage} on the job's events route")
  void events() {
    ApiCall call = modelibr.event(7, new JobEvent("JobStarted", "go", new JsonObject().put("modelId", 12), null)).orElseThrow();
    assertEquals("POST /thumbnail-jobs/7/events", call.toString());
    assertEquals(new JsonObject().put("eventType", "JobStarted").put("message", "go").put("metadata", "{\"modelId\":12}"), call.body());
    JsonObject failed = modelibr.event(7, new JobEvent("JobFailed", "m".repeat(1_500), null, "boom")).orElseThrow().body();
    assertEquals(1_000, failed.getString("message").length());
    assertEquals("boom", failed.getString("errorMessage"));
  }

  @Test
  @DisplayName("companion paths stay inside the model's folder: absolute paths, drive letters and climbing segments are refused")
  void companionPathsAreChecked() {
    JsonObject ok = new JsonObject().put("auxiliaries", new JsonArray()
        .add(new JsonObject().put("fileId", 1).put("relativePath", "Duck0.bin"))
        .add(new JsonObject().put("fileId", 2).put("relativePath", "textures\\wood.png"))
        .add(new JsonObject().put("fileId", 3).put("relativePath", "./a//b/c.png")));
    assertEquals(List.of(new ModelAssets.Companion(1, Path.of("Duck0.bin")), new ModelAssets.Companion(2, Path.of("textures", "wood.png")),
        new ModelAssets.Companion(3, Path.of("a", "b", "c.png"))), modelibr.readCompanions(ok));
    for (String bad : List.of("../x.bin", "/etc/passwd", "\\\\server\\share\\x", "C:\\x.bin", "c:x.bin", "a/../../b.bin",
        "textures\\..\\..\\x.png", "a/..", "", "a\u0000b", "./")) {
      JsonObject body = new JsonObject().put("auxiliaries", new JsonArray().add(new JsonObject().put("fileId", 1).put("relativePath", bad)));
      assertThrows(IllegalArgumentException.class, () -> modelibr.readCompanions(body), bad);
    }
  }

  @Test
  @DisplayName("the server's size, frameCount and isAnimated replace the local size and orbit")
  void renderSettings() {
    RenderSettings local = RenderSettings.defaults();
    RenderSettings animated = modelibr.readRenderSettings(new JsonObject().put("size", 512).put("frameCount", 12).put("isAnimated", true))
        .applyTo(local);
    assertEquals(List.of(512, 512, 12), List.of(animated.width(), animated.height(), animated.frameCount()));
    assertEquals(30.0, animated.angleStep(), 1e-9);
    RenderSettings still = modelibr.readRenderSettings(new JsonObject().put("size", 128).put("frameCount", 30).put("isAnimated", false))
        .applyTo(local);
    assertEquals(List.of(128, 1), List.of(still.width(), still.frameCount()));
    assertFalse(still.orbitEnabled());
    for (int n : new int[] {1, 7, 30, 360}) {
      assertEquals(n, new ServerRenderSettings(256, n, true).applyTo(local).frameCount(), "frameCount " + n);
    }
    RenderSettings defaults = modelibr.readRenderSettings(new JsonObject()).applyTo(local);
    assertEquals(List.of(256, 30), List.of(defaults.width(), defaults.frameCount()));
    assertThrows(IllegalArgumentException.class, () -> modelibr.readRenderSettings(new JsonObject().put("frameCount", 0)));
    assertEquals("transparent", modelibr.defaultBackground().orElseThrow());
  }
}
