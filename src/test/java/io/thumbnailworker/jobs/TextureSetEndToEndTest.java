package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.render.AnimatedWebp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Texture-set jobs through the whole system over real sockets: the reference API with {@code --profile modelibr} and
 * an API key, one worker node with the real render engine. A set made here (albedo, normal, and AO/roughness/metallic
 * packed in one file) ends Done: its WebP has 28 frames at the server's size, its PNG shows the albedo's colour, the
 * finish carried the WebP's path, and the texture metadata, web proxies and extraction record were received. A set
 * with a corrupt image ends Dead, failed on the texture-set route with a readable reason, and the worker then still
 * completes a good set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextureSetEndToEndTest {
  static final String KEY = "texture-set-e2e-key";
  static final int SIZE = 128;
  Path tmp;
  RealApi api;
  WorkerNode worker;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("texture-set-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY).maxAttempts(1));
    assertEquals(200, api.put("/settings/thumbnail-render", new JsonObject().put("size", SIZE).put("frameCount", 8)
        .put("isAnimated", true)).statusCode());
    assertEquals(200, api.put("/settings", new JsonObject().put("textureProxySize", 256)).statusCode());
    try {
      worker = RealApi.worker(tmp.resolve("worker"), api.baseUrl(), Map.of("WORKER_ID", "w-texset", "WORKER_API_KEY", KEY,
          "POLL_INTERVAL_MS", 300));
    } catch (Exception e) {
      assumeTrue(false, "no render engine here: " + e.getMessage());
    }
    eventually(Duration.ofSeconds(30), "the worker's hub connected", () -> worker.view().hub().connected());
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) worker.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  static byte[] png(int w, int h, int argb) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Albedo, normal, and one packed file read as AO (R), roughness (G) and metallic (B). */
  private JsonObject createSet(String name, byte[] albedo) throws Exception {
    return api.create("/texture-sets", new RealApi.Form().field("name", name).field("previewGeometryType", "plane")
        .file("file", "albedo.png", "image/png", albedo).field("textureType", "Albedo")
        .file("file", "normal.png", "image/png", png(32, 32, 0xff8080ff)).field("textureType", "Normal")
        .file("file", "orm.png", "image/png", png(32, 32, 0xffffc000)).field("textureType", "AO:R,Roughness:G,Metallic:B"));
  }

  private JsonObject awaitEnded(long jobId) throws Exception {
    eventually(Duration.ofSeconds(90), Duration.ofMillis(200), "job " + jobId + " Done or Dead", () -> api.all(List.of(jobId), "Done", "Dead"));
    return api.job(jobId);
  }

  private byte[] bytes(String path) throws Exception {
    HttpResponse<Buffer> r = api.get(path);
    assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
    return r.body().getBytes();
  }

  /** The set's job is Done and everything a texture-set job sends arrived. */
  private void assertPreviewDone(JsonObject created) throws Exception {
    long setId = created.getLong("id");
    JsonObject job = awaitEnded(created.getLong("jobId"));
    assertEquals("TextureSet", job.getString("assetType"), job.encode());
    assertEquals("Done", job.getString("status"), job.encode());
    JsonObject set = api.get("/texture-sets/" + setId).bodyAsJsonObject();
    assertNotNull(set.getString("thumbnailPath"), set.encode());
    assertEquals(set.getString("thumbnailPath"), job.getString("thumbnailPath"), "the finish carried the WebP's path");
    AnimatedWebp webp = AnimatedWebp.parse(bytes(set.getString("thumbnailPath")));
    assertEquals(28, webp.frames.size());
    assertEquals(SIZE, webp.width);
    assertEquals(SIZE, webp.height);
    BufferedImage poster = ImageIO.read(new ByteArrayInputStream(bytes(set.getString("pngThumbnailPath"))));
    assertEquals(SIZE, poster.getWidth());
    int centre = poster.getRGB(SIZE / 2, SIZE / 2);
    int r = centre >> 16 & 255, g = centre >> 8 & 255, b = centre & 255;
    assertTrue(r > g + 60 && r > b + 60 && (centre >>> 24) == 255, "the albedo's red: " + Integer.toHexString(centre));
    assertEquals(0, poster.getRGB(0, 0) >>> 24, "transparent background");

    JsonArray metadata = api.get("/texture-sets/" + setId + "/texture-metadata").bodyAsJsonObject().getJsonArray("textures");
    assertEquals(5, metadata.size(), metadata.encode());
    for (Object o : metadata) {
      JsonObject m = (JsonObject) o;
      assertEquals("png", m.getString("format"), m.encode());
      assertTrue(m.getInteger("width") == 64 || m.getInteger("width") == 32, m.encode());
    }
    for (Object o : set.getJsonArray("textures")) {
      JsonArray proxies = ((JsonObject) o).getJsonArray("proxies");
      assertEquals(1, proxies.size(), set.encode());
      assertEquals(256, proxies.getJsonObject(0).getInteger("size"));
      BufferedImage proxy = ImageIO.read(new ByteArrayInputStream(bytes("/files/" + proxies.getJsonObject(0).getLong("fileId"))));
      assertEquals(256, proxy.getWidth());
    }
    JsonArray records = api.get("/assets/TextureSet/" + setId + "/extraction").bodyAsJsonObject().getJsonArray("records");
    assertEquals(1, records.size(), records.encode());
    JsonObject record = records.getJsonObject(0);
    assertEquals(64, record.getString("fileSha256").length());
    assertEquals(5, record.getJsonObject("payload").getInteger("channelCount"), record.encode());
    assertEquals(1.0, record.getJsonObject("payload").getJsonObject("channels").getJsonObject("AO").getDouble("mean"), 1e-6);
  }

  @Test
  @DisplayName("a set with albedo, normal and packed ORM ends Done with its previews, metadata, proxies and extraction "
      + "record; a corrupt image ends Dead with a readable reason; the worker then completes another set")
  void textureSets() throws Exception {
    assertPreviewDone(createSet("bricks", png(64, 64, 0xffd02010)));

    byte[] junk = new byte[2_048];
    new Random(5).nextBytes(junk);
    JsonObject corrupt = createSet("broken", junk);
    JsonObject dead = awaitEnded(corrupt.getLong("jobId"));
    assertEquals("Dead", dead.getString("status"), dead.encode());
    assertEquals("TextureSet", dead.getString("assetType"), dead.encode());
    assertEquals(1, dead.getInteger("finishCount"), "finished failed on the texture-set route: " + dead.encode());
    String reason = dead.getString("errorMessage");
    assertTrue(reason.startsWith("render: ") && reason.contains("albedo.png") && reason.contains("could not be decoded"), reason);
    assertNull(api.get("/texture-sets/" + corrupt.getLong("id")).bodyAsJsonObject().getString("thumbnailPath"));

    assertPreviewDone(createSet("again", png(64, 64, 0xffc01818)));
  }
}
