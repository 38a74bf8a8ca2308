package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of the API process loses nothing it acknowledged; on restart on the same --data, work resumes. */
class DurabilityTest {
  @Test
  @DisplayName("SIGKILL mid-run, restart on the same --data: every acknowledged model, job and thumbnail is still there")
  void killNineLosesNothingAcknowledged(@TempDir Path data, @TempDir Path logs) throws Exception {
    Vertx vertx = Vertx.vertx();
    Map<Long, byte[]> models = new ConcurrentHashMap<>();          // model id -> bytes acknowledged with 201
    Map<String, byte[]> images = new ConcurrentHashMap<>();        // thumbnailPath -> bytes acknowledged with 200
    List<String> errors = new CopyOnWriteArrayList<>();
    long completedJob;
    long failedJob;
    long heldJob;
    try {
      try (ApiProcess first = ApiProcess.start(data, logs.resolve("api-1.log"));
           ApiTestClient http = new ApiTestClient(vertx, first.port)) {
        for (int i = 0; i < 4; i++) {
          byte[] content = ApiTestClient.obj(1000 + i);
          models.put(http.uploadModel("before-" + i + ".obj", content).getLong("id"), content);
        }
        JsonObject a = http.dequeue("worker-a");
        completedJob = a.getLong("id");
        putImage(http, images, a.getLong("modelId"), "t.webp", TestImages.webp(64, Color.RED), "image/webp");
        putImage(http, images, a.getLong("modelId"), "p.jpg", TestImages.jpeg(64, Color.RED), "image/jpeg");
        assertEquals(200, http.post("/api/thumbnail-jobs/" + completedJob + "/complete", new JsonObject()
            .put("workerId", "worker-a").put("thumbnailPath", "/x").put("sizeBytes", 1).put("width", 64).put("height", 64)).statusCode());
        failedJob = http.dequeue("worker-b").getLong("id");
        heldJob = http.dequeue("worker-c").getLong("id");
        assertEquals(200, http.post("/api/thumbnail-jobs/" + failedJob + "/fail", new JsonObject()
            .put("workerId", "worker-b").put("errorMessage", "boom")).statusCode());

        // keep uploading models and thumbnails while the process is killed
        AtomicBoolean stop = new AtomicBoolean();
        Thread uploader = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              byte[] content = ApiTestClient.obj(2000 + i);
              HttpResponse<Buffer> r = http.upload("/models", "during-" + i + ".obj", content, "model/obj", null);
              if (r.statusCode() != 201) continue;
              long id = r.bodyAsJsonObject().getLong("id");
              models.put(id, content);
              putImage(http, images, id, "t.png", TestImages.png(16 + i % 32, new Color(i * 7 % 255, 80, 160)), "image/png");
            } catch (Throwable e) {
              if (!stop.get()) errors.add(String.valueOf(e));   // connection errors are expected once killed
            }
          }
        }, "uploader");
        uploader.start();
        Await.reached(Duration.ofSeconds(60), () -> models.size() >= 14);   // asserted below, once the uploader stopped
        first.kill();
        stop.set(true);
        uploader.join(60_000);
      }
      System.out.printf("acknowledged before SIGKILL: %d models, %d images%n", models.size(), images.size());
      assertTrue(models.size() >= 14, "only " + models.size() + " uploads acknowledged before the kill");

      try (ApiProcess second = ApiProcess.start(data, logs.resolve("api-2.log"));
           ApiTestClient http = new ApiTestClient(vertx, second.port)) {
        for (var e : models.entrySet()) {
          HttpResponse<Buffer> file = http.get("/models/" + e.getKey() + "/file");
          assertEquals(200, file.statusCode(), "model " + e.getKey() + " lost");
          assertArrayEquals(e.getValue(), file.body().getBytes(), "model " + e.getKey() + " bytes differ");
          JsonObject meta = http.get("/models/" + e.getKey()).bodyAsJsonObject();
          assertEquals(sha256(e.getValue()), meta.getString("hash"));
          assertTrue(meta.getLong("jobId") != null, "model " + e.getKey() + " has no job");
        }
        for (var e : images.entrySet()) {
          HttpResponse<Buffer> img = http.get(e.getKey());
          assertEquals(200, img.statusCode(), e.getKey() + " lost");
          assertArrayEquals(e.getValue(), img.body().getBytes(), e.getKey() + " bytes differ");
        }
        assertEquals("Completed", http.job(completedJob).getString("status"));
        JsonObject failed = http.job(failedJob);
        assertEquals("Pending", failed.getString("status"));
        assertEquals("boom", failed.getString("errorMessage"));
        JsonObject held = http.job(heldJob);
        assertEquals("InProgress", held.getString("status"));
        assertEquals("worker-c", held.getString("assignedWorkerId"));
        // work resumes: the re-queued job is handed out first
        assertEquals(failedJob, http.dequeue("worker-d").getLong("id"));
        int exit = second.terminate();
        assertTrue(exit == 0 || exit == 143, "exit code on SIGTERM " + exit);
      }
      String log2 = Files.readString(logs.resolve("api-2.log"));
      assertTrue(log2.contains("Reference API stopped"), "no clean shutdown in the log");
    } finally {
      ApiTestClient.await(vertx.close());
    }
  }

  private static void putImage(ApiTestClient http, Map<String, byte[]> images, long modelId, String name, byte[] bytes, String type) {
    HttpResponse<Buffer> r = http.upload("/models/" + modelId + "/thumbnail/upload", name, bytes, type, null);
    if (r.statusCode() == 200) images.put(r.bodyAsJsonObject().getString("thumbnailPath"), bytes);
    else throw new AssertionError("image upload answered " + r.statusCode() + " " + r.bodyAsString());
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
