package io.thumbnailworker.api;

import io.thumbnailworker.sound.Waveform;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /sounds} lists every sound with its waveform and latest job, and the gallery's sound section shows them
 * in headless Chromium (the browser part is skipped where Chromium is not installed). One sound's job is finished
 * through Modelibr's routes with a waveform, one fails three times, one waits.
 */
class SoundGalleryPageTest {
  @Test
  @DisplayName("GET /sounds and the gallery's sound section: the waveform PNG, name, duration, format and job status of each sound")
  void soundSection(@TempDir Path data, @TempDir Path profile) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      long done = seed(http);
      JsonArray list = http.get("/sounds").bodyAsJsonArray();
      assertEquals(3, list.size(), list.encode());
      JsonObject first = list.getJsonObject(0);
      assertEquals(done, first.getLong("id"));
      assertEquals("Completed", first.getString("jobStatus"), first.encode());
      assertEquals("/sounds/" + done + "/waveform", first.getString("waveformUrl"), first.encode());
      assertEquals(3.0, first.getDouble("duration"));
      assertEquals("Failed", list.getJsonObject(1).getString("jobStatus"), list.encode());
      assertEquals("decode: not a readable MP3 file", list.getJsonObject(1).getString("errorMessage"));
      assertNull(list.getJsonObject(1).getValue("waveformUrl"));
      assertEquals("Pending", list.getJsonObject(2).getString("jobStatus"), list.encode());

      String dom = dump(server.baseUrl(), profile);
      assertTrue(Pattern.compile("<h2 id=\"sounds-title\">Sounds</h2>").matcher(dom).find(), "the heading shows: " + dom);
      assertTrue(Pattern.compile("<img alt=\"waveform of [^\"]*burst[^\"]*\" src=\"/sounds/" + done + "/waveform\">").matcher(dom).find(), dom);
      assertTrue(dom.contains(">3.0 s<") && dom.contains("wav · 44100 Hz · 1 ch"), "duration and format: " + dom);
      assertTrue(dom.contains("decoding failed") && dom.contains("decode: not a readable MP3 file"), "the failure: " + dom);
      assertTrue(dom.contains("no waveform yet") && dom.contains(">Pending<"), "the waiting sound: " + dom);
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  /** Three sounds: the first finished with a waveform, the second failed three times, the third waiting; the first's id. */
  private static long seed(ApiTestClient http) throws Exception {
    JsonObject burst = created(http.upload("/sounds", "burst.wav", new byte[] {1, 2, 3}, "audio/wav", null));
    created(http.upload("/sounds", "broken.mp3", new byte[] {4, 5, 6}, "audio/mpeg", null));
    created(http.upload("/sounds", "waiting.ogg", new byte[] {7, 8, 9}, "audio/ogg", null));
    JsonObject job = ModelibrCalls.claim(http, burst.getLong("jobId"), "w-gallery");
    float[] peaks = new float[Waveform.BARS];
    for (int i = 0; i < peaks.length; i++) peaks[i] = i >= 67 && i < 133 ? 0 : 0.5f;
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(Waveform.image(peaks), "png", png);
    HttpResponse<Buffer> up = http.upload("/sounds/" + burst.getLong("id") + "/waveform/upload", "waveform.png",
        png.toByteArray(), "image/png", new JsonObject().put("soundHash", job.getString("soundHash")));
    assertEquals(200, up.statusCode(), up.bodyAsString());
    finish(http, job.getLong("id"), new JsonObject().put("success", true)
        .put("waveformPath", up.bodyAsJsonObject().getString("storagePath")).put("duration", 3.0)
        .put("sampleRate", 44_100).put("channels", 1).put("format", "wav"));
    for (int attempt = 0; attempt < 3; attempt++) {
      JsonObject broken = ModelibrCalls.dequeue(http, "w-gallery");
      finish(http, broken.getLong("id"), new JsonObject().put("success", false).put("errorMessage", "decode: not a readable MP3 file"));
    }
    return burst.getLong("id");
  }

  private static JsonObject created(HttpResponse<Buffer> r) {
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static void finish(ApiTestClient http, long jobId, JsonObject body) {
    HttpResponse<Buffer> r = http.post(ModelibrCalls.finishPath("Sound", jobId), body);
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  private static String dump(String url, Path profile) throws Exception {
    String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    assumeTrue(browser != null, "Chromium is not installed (apt-get install -y chromium)");
    Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--virtual-time-budget=4000", "--dump-dom", url + "/")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
    return dom;
  }
}
