package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.samples.SamplePanoramas;
import io.vertx.core.buffer.Buffer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Environment maps through the whole system: the real reference API with {@code --profile modelibr} and an API key,
 * one worker node on {@code API_PROFILE=auto} with the real render engine, over real sockets. Panoramas generated
 * here (a Radiance {@code .hdr}, an OpenEXR, six cube faces), red above the horizon and blue below, are uploaded with
 * {@code POST /environment-maps}; each job ends Done with the server's size and frame count, the WebP as the variant's
 * thumbnail (the poster upload set it to the JPEG, so only the finish report puts the WebP back) and a JPEG poster in
 * which the chrome sphere mirrors the sky. Corrupt files end Dead, failed on the environment-map route with the
 * decoder's reason, and the worker still serves the next map.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentMapEndToEndTest {
  static final String KEY = "envmap-e2e-key";
  static final int SIZE = 128, FRAMES = 6;
  /** {@code Environment map 3 variant 3: /files/12 stored by upload (1234 bytes, image/webp)}. */
  static final Pattern UPLOAD = Pattern.compile("Environment map (\\d+) variant (\\d+): (\\S+) stored by (\\S+) \\((\\d+) bytes, (.*)\\)");
  Path tmp;
  RealApi api;
  WorkerNode worker;
  TestSupport.LogCapture uploads;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("envmap-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY));
    var r = api.put("/settings/thumbnail-render", new JsonObject().put("size", SIZE).put("frameCount", FRAMES).put("isAnimated", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    uploads = TestSupport.captureLog("io.thumbnailworker.api.EnvironmentMapHandlers");
    worker = RealApi.worker(tmp.resolve("worker"), api.baseUrl(), Map.of("WORKER_ID", "w-envmap", "WORKER_API_KEY", KEY,
        "POLL_INTERVAL_MS", 300));
    eventually(Duration.ofSeconds(30), "the worker's hub connected", () -> worker.view().hub().connected());
  }

  @AfterAll
  void stop() throws Exception {
    if (uploads != null) uploads.close();
    if (worker != null) worker.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  private JsonObject awaitEnded(long jobId) throws Exception {
    eventually(Duration.ofSeconds(120), Duration.ofMillis(200), "job " + jobId + " Done or Dead", () -> api.all(List.of(jobId), "Done", "Dead"));
    return api.job(jobId);
  }

  private JsonObject panoramic(String name, byte[] bytes) throws Exception {
    return api.create("/environment-maps", new RealApi.Form().file("file", name, "application/octet-stream", bytes).field("name", name));
  }

  /** The uploads the server logged for {@code variantId}, in order: {route, path, content type}. */
  private List<String[]> uploadsOf(long variantId) {
    return uploads.lines().stream().map(UPLOAD::matcher).filter(Matcher::matches)
        .filter(m -> Long.parseLong(m.group(2)) == variantId).map(m -> new String[] {m.group(4), m.group(3), m.group(6)}).toList();
  }

  /** Done, the WebP is the variant's thumbnail, the JPEG poster shows the sphere mirroring the sky; the job's events. */
  private void assertRendered(JsonObject created) throws Exception {
    JsonObject job = awaitEnded(created.getLong("jobId"));
    assertEquals("EnvironmentMap", job.getString("assetType"), job.encode());
    assertEquals("Done", job.getString("status"), job.encode());
    assertEquals(1, job.getInteger("finishCount"), job.encode());
    JsonObject map = api.get("/environment-maps/" + created.getLong("id")).bodyAsJsonObject();
    JsonObject variant = map.getJsonArray("variants").getJsonObject(0);
    List<String[]> sent = uploadsOf(variant.getLong("id"));
    assertEquals(2, sent.size(), "two uploads: " + uploads.lines());
    assertArrayEquals(new String[] {"upload", "image/webp"}, new String[] {sent.get(0)[0], sent.get(0)[2]});
    assertArrayEquals(new String[] {"png-upload", "image/jpeg"}, new String[] {sent.get(1)[0], sent.get(1)[2]});
    assertEquals(sent.get(0)[1], variant.getString("thumbnailPath"), "the finish report's thumbnailPath is the WebP's: " + map.encode());

    JsonObject listed = api.get("/environment-maps").bodyAsJsonArray().stream().map(o -> (JsonObject) o)
        .filter(m -> m.getLong("id").equals(created.getLong("id"))).findFirst().orElseThrow();
    assertEquals("Completed", listed.getString("jobStatus"), "the gallery's listing: " + listed.encode());
    assertEquals(variant.getString("thumbnailPath"), listed.getString("thumbnailPath"), listed.encode());

    WebpCheck.Decoded webp = WebpCheck.decode(api.get(variant.getString("thumbnailPath")).body().getBytes());
    assertEquals(SIZE, webp.width());
    assertEquals(SIZE, webp.height());
    assertEquals(FRAMES, webp.frames());
    HttpResponse<Buffer> posterBytes = api.get(sent.get(1)[1]);
    BufferedImage poster = ImageIO.read(new ByteArrayInputStream(posterBytes.body().getBytes()));
    assertNotNull(poster, "the poster decodes");
    assertEquals(SIZE, poster.getWidth());
    int c = SIZE / 2;
    assertTrue(redness(poster, 4, 4) > 100, "sky at the top");
    assertTrue(redness(poster, 4, SIZE - 5) < -100, "ground at the bottom");
    assertTrue(redness(poster, 6, c - 8) < -100, "ground beside the sphere's upper half");
    assertTrue(redness(poster, c, c - 8) > 60, "the sphere mirrors the sky where the background is ground");
    assertTrue(redness(poster, c, c - 32) > 60, "the sphere's top mirrors the sky");
    assertTrue(redness(poster, c, c + 30) < -60, "the sphere's lower part mirrors the ground");

    // events are posted without waiting for each other, so those sent together may be stored in either order
    List<String> expected = List.of("JobStarted", "FrameRenderingStarted", "FrameRenderingCompleted", "EncodingStarted",
        "EncodingCompleted", "ThumbnailUploadStarted", "ThumbnailUploadCompleted", "JobCompleted");
    eventually(Duration.ofSeconds(5), "every event recorded", () -> eventTypes(job.getLong("id")).containsAll(expected));
    List<String> types = eventTypes(job.getLong("id"));
    assertEquals(expected.size(), types.size(), "each once: " + types);
    assertTrue(types.indexOf("FrameRenderingStarted") < types.indexOf("ThumbnailUploadStarted"), types.toString());
  }

  private List<String> eventTypes(long jobId) {
    try {
      return api.get("/thumbnail-jobs/" + jobId + "/events").bodyAsJsonArray().stream()
          .map(e -> ((JsonObject) e).getString("eventType")).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  static int redness(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y);
    return ((rgb >> 16) & 255) - (rgb & 255);
  }

  private void assertDead(JsonObject created, String reason) throws Exception {
    JsonObject dead = awaitEnded(created.getLong("jobId"));
    assertEquals("Dead", dead.getString("status"), dead.encode());
    assertEquals(3, dead.getInteger("finishCount"), "each attempt finished failed on the environment-map route: " + dead.encode());
    assertTrue(dead.getString("errorMessage").startsWith("render: " + reason), dead.encode());
    JsonObject map = api.get("/environment-maps/" + created.getLong("id")).bodyAsJsonObject();
    assertNull(map.getJsonArray("variants").getJsonObject(0).getValue("thumbnailPath"), map.encode());
  }

  @Test
  @DisplayName("an .hdr, an .exr and a cube of six faces end Done with the WebP as thumbnail and a poster that mirrors the "
      + "sky; corrupt .hdr and .exr end Dead with the decoder's reason; the worker then renders another map")
  void environmentMaps() throws Exception {
    Path dir = tmp.resolve("maps");
    assertRendered(panoramic("sky.hdr", Files.readAllBytes(SamplePanoramas.writeHdr(dir.resolve("sky.hdr"),
        SamplePanoramas.RED_OVER_BLUE, 512, 256))));
    assertRendered(panoramic("sky.exr", Files.readAllBytes(SamplePanoramas.writeExr(dir.resolve("sky.exr"),
        SamplePanoramas.RED_OVER_BLUE, 256, 128))));
    Path cube = SamplePanoramas.writeCube(dir.resolve("cube"), SamplePanoramas.RED_OVER_BLUE, 64);
    RealApi.Form faces = new RealApi.Form().field("name", "cube");
    for (String face : List.of("px", "nx", "py", "ny", "pz", "nz")) {
      faces.file(face, face + ".hdr", "application/octet-stream", Files.readAllBytes(cube.resolve(face + ".hdr")));
    }
    assertRendered(api.create("/environment-maps", faces));

    byte[] junk = new byte[4_096];
    new Random(9).nextBytes(junk);
    assertDead(panoramic("broken.hdr", junk), "broken.hdr is not a readable Radiance HDR image");
    assertDead(panoramic("broken.exr", junk), "broken.exr could not be decoded as OpenEXR");
    assertRendered(panoramic("again.hdr", Files.readAllBytes(SamplePanoramas.writeHdr(dir.resolve("again.hdr"),
        SamplePanoramas.RED_OVER_BLUE, 256, 128))));
  }
}
