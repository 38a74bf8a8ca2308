package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.sound.TestSounds;
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
import java.io.InputStream;
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
 * Sound jobs through the whole system: the real reference API with {@code --profile modelibr} and an API key (the
 * waveform upload needs it), one worker node on {@code API_PROFILE=auto} (the render engine is the test stand-in, for
 * the model job that shows the worker still serves). A sound uploaded with {@code POST /sounds} ends Done with its
 * waveform stored and its facts on the sound; a corrupt one ends Dead, failed on the sound route with the decoder's
 * reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoundEndToEndTest {
  static final String KEY = "sound-e2e-key";
  Path tmp;
  RealApi api;
  WorkerNode worker;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("sound-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY));
    worker = RealApi.worker(tmp.resolve("worker"), api.baseUrl(), Map.of("WORKER_ID", "w-sound", "WORKER_API_KEY", KEY,
        "WORKER_ROLES", "hub,jobs", "POLL_INTERVAL_MS", 300));
    new FakeRender().start(worker.vertx()).await(5, TimeUnit.SECONDS);
    eventually(Duration.ofSeconds(30), "the worker's hub connected", () -> worker.view().hub().connected());
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) worker.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  private JsonObject postSound(String name, String type, byte[] bytes) throws Exception {
    return api.create("/sounds", new RealApi.Form().file("file", name, type, bytes));
  }

  private JsonObject awaitEnded(long jobId) throws Exception {
    eventually(Duration.ofSeconds(60), Duration.ofMillis(200), "job " + jobId + " Done or Dead", () -> api.all(List.of(jobId), "Done", "Dead"));
    return api.job(jobId);
  }

  /** The sound's job is Done, its facts are on the sound, and its waveform is Modelibr's PNG of the burst. */
  private void assertWaveformDone(JsonObject created, String format, int rate, int channels) throws Exception {
    JsonObject job = awaitEnded(created.getLong("jobId"));
    assertEquals("Sound", job.getString("assetType"), job.encode());
    assertEquals("Done", job.getString("status"), job.encode());
    assertEquals(1, job.getInteger("finishCount"), job.encode());
    JsonObject sound = api.get("/sounds/" + created.getLong("id")).bodyAsJsonObject();
    assertEquals(3.0, sound.getDouble("duration"), format.equals("wav") ? 1e-6 : 0.1, sound.encode());
    assertEquals(rate, sound.getInteger("sampleRate"), sound.encode());
    assertEquals(channels, sound.getInteger("channels"), sound.encode());
    assertEquals(format, sound.getString("format"), sound.encode());
    assertEquals("/sounds/" + created.getLong("id") + "/waveform", sound.getString("waveformUrl"), sound.encode());
    HttpResponse<Buffer> png = api.get(sound.getString("waveformUrl"));
    assertEquals(200, png.statusCode());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body().getBytes()));
    assertEquals(800, img.getWidth());
    assertEquals(150, img.getHeight());
    for (int bar : new int[] {20, 50, 150, 180}) assertEquals(0xff3b82f6, img.getRGB(4 * bar + 1, 75), "loud bar " + bar);
    for (int x = 4 * 72; x < 4 * 128; x++) {
      for (int y = 0; y < 150; y++) assertEquals(0x0d000000, img.getRGB(x, y), "no bar in the silent third at " + x + "," + y);
    }
  }

  @Test
  @DisplayName("a WAV and a FLAC each end Done: waveform stored under the sound's hash, duration/sampleRate/channels/format on "
      + "the sound; a corrupt WAV ends Dead on the sound route with the decoder's reason; the worker then serves a model "
      + "and another sound")
  void sounds() throws Exception {
    JsonObject wav = postSound("burst.wav", "audio/wav", TestSounds.burstWav(44_100, 1, 16));
    assertWaveformDone(wav, "wav", 44_100, 1);
    byte[] flac;
    try (InputStream in = getClass().getResourceAsStream("/sounds/burst.flac")) {
      flac = in.readAllBytes();
    }
    assertWaveformDone(postSound("burst.flac", "audio/flac", flac), "flac", 22_050, 2);

    byte[] junk = new byte[4_096];
    new Random(3).nextBytes(junk);
    JsonObject corrupt = postSound("broken.wav", "audio/wav", junk);
    JsonObject dead = awaitEnded(corrupt.getLong("jobId"));
    assertEquals("Dead", dead.getString("status"), dead.encode());
    assertEquals("Sound", dead.getString("assetType"), dead.encode());
    assertEquals(3, dead.getInteger("finishCount"), "each attempt finished failed on the sound route: " + dead.encode());
    assertTrue(dead.getString("errorMessage").startsWith("decode: not a readable WAV file"), dead.encode());
    JsonObject broken = api.get("/sounds/" + corrupt.getLong("id")).bodyAsJsonObject();
    assertNull(broken.getValue("waveformUrl"), broken.encode());

    long model = api.uploadModel("after.obj", RealApi.obj(5)).getLong("jobId");
    assertEquals("Done", awaitEnded(model).getString("status"), "a model job after the corrupt sound");
    assertWaveformDone(postSound("again.wav", "audio/x-wav", TestSounds.burstWav(16_000, 2, 8)), "wav", 16_000, 2);
  }
}
