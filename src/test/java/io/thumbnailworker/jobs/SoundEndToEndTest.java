package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.FaultInjector;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.sound.TestSounds;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Sound jobs through the whole system: the real reference API with {@code --profile modelibr} and an API key (the
 * waveform upload and the statistics record need it), one worker node on {@code API_PROFILE=auto} (the render engine
 * is the test stand-in, for the model job that shows the worker still serves). A sound of each format uploaded with
 * {@code POST /sounds} ends Done with its waveform stored, its facts on the sound and its statistics record stored; a
 * corrupt one of each format ends Dead, failed on the sound route with the decoder's reason; a refused statistics
 * record leaves its job Done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoundEndToEndTest {
  static final String KEY = "sound-e2e-key";
  static final int CANVAS = 0x0d000000;
  static final int BAR = 0xff3b82f6;
  Path tmp;
  RealApi api;
  WorkerNode worker;
  final FaultInjector faults = new FaultInjector();

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("sound-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY).faults(faults));
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

  /** A burst as one of the supported formats: WAV made here (16-bit, 44.1 kHz mono), the others the fixtures. */
  record Burst(String format, byte[] bytes, int rate, int channels, double durationTolerance, boolean lossy) {
    static Burst of(String format) throws Exception {
      if (format.equals("wav")) return new Burst(format, TestSounds.burstWav(44_100, 1, 16), 44_100, 1, 1e-6, false);
      try (InputStream in = SoundEndToEndTest.class.getResourceAsStream("/sounds/burst." + format)) {
        return new Burst(format, in.readAllBytes(), 22_050, 2, 0.1, !format.equals("flac"));
      }
    }
  }

  private JsonObject postSound(String name, String type, byte[] bytes) throws Exception {
    return api.create("/sounds", new RealApi.Form().file("file", name, type, bytes));
  }

  private JsonObject awaitEnded(long jobId) throws Exception {
    eventually(Duration.ofSeconds(60), Duration.ofMillis(200), "job " + jobId + " Done or Dead", () -> api.all(List.of(jobId), "Done", "Dead"));
    return api.job(jobId);
  }

  /** The sound's job is Done, the finish's facts are on the sound, and its waveform is Modelibr's PNG of the burst. */
  private void assertWaveformDone(JsonObject created, Burst b) throws Exception {
    JsonObject job = awaitEnded(created.getLong("jobId"));
    assertEquals("Sound", job.getString("assetType"), job.encode());
    assertEquals("Done", job.getString("status"), job.encode());
    assertEquals(1, job.getInteger("finishCount"), job.encode());
    JsonObject sound = api.get("/sounds/" + created.getLong("id")).bodyAsJsonObject();
    assertEquals(3.0, sound.getDouble("duration"), b.durationTolerance(), sound.encode());
    assertEquals(b.rate(), sound.getInteger("sampleRate"), sound.encode());
    assertEquals(b.channels(), sound.getInteger("channels"), sound.encode());
    assertEquals(b.format(), sound.getString("format"), sound.encode());
    assertEquals("/sounds/" + created.getLong("id") + "/waveform", sound.getString("waveformUrl"), sound.encode());
    HttpResponse<Buffer> png = api.get(sound.getString("waveformUrl"));
    assertEquals(200, png.statusCode());
    assertBurstImage(ImageIO.read(new ByteArrayInputStream(png.body().getBytes())), b);
  }

  /**
   * Tall bars where the tone plays (peak 0.5: about 2·0.5·75·0.9 = 67 px, centred on y = 75), nothing in the silent
   * second (a lossy codec's faint noise may leave a sliver within 2 px of the centre line).
   */
  private static void assertBurstImage(BufferedImage img, Burst b) {
    assertEquals(800, img.getWidth());
    assertEquals(150, img.getHeight());
    for (int bar : new int[] {10, 20, 50, 150, 180, 190}) {
      int x = 4 * bar + 1;
      int tall = 0;
      for (int y = 0; y < 150; y++) if (img.getRGB(x, y) == BAR) tall++;
      assertEquals(66, tall, b.lossy() ? 12 : 2, b.format() + ": bar " + bar + " follows the tone's 0.5 peak");
      assertEquals(BAR, img.getRGB(x, 75), b.format() + ": loud bar " + bar);
      assertEquals(CANVAS, img.getRGB(x, 2), b.format() + ": bar " + bar + " stays within 0.9 of the half-height");
    }
    for (int x = 4 * 72; x < 4 * 128; x++) {
      for (int y = 0; y < 150; y++) {
        if (b.lossy() && Math.abs(y - 75) <= 2) continue;
        assertEquals(CANVAS, img.getRGB(x, y), b.format() + ": no bar in the silent second at " + x + "," + y);
      }
    }
  }

  /** The statistics record PUT for the sound: keyed by the file's SHA-256, levels of the 0.5 burst, a third silent. */
  private void assertStatistics(long soundId, Burst b) throws Exception {
    HttpResponse<Buffer> r = api.get("/assets/Sound/" + soundId + "/extraction");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonArray records = r.bodyAsJsonObject().getJsonArray("records");
    assertEquals(1, records.size(), records.encode());
    JsonObject record = records.getJsonObject(0);
    assertEquals(sha256(b.bytes()), record.getString("fileSha256"), record.encode());
    assertNull(record.getValue("versionId"));
    assertEquals(1, record.getInteger("extractorVersion"));
    assertEquals(1, record.getInteger("schemaVersion"));
    assertEquals("Complete", record.getString("outcome"), "no outcome and no warnings resolve to Complete");
    assertEquals(new JsonArray(), record.getJsonArray("warnings"));
    JsonObject p = record.getJsonObject("payload");
    assertEquals(22_050, p.getInteger("sampleRate"), p.encode());
    assertEquals(b.channels(), p.getInteger("channelCount"), p.encode());
    assertEquals(b.channels(), p.getJsonArray("perChannel").size(), p.encode());
    for (Object o : p.getJsonArray("perChannel")) {
      JsonObject c = (JsonObject) o;
      assertEquals(-6.02, c.getDouble("peakDb"), b.lossy() ? 1.5 : 0.05, b.format() + " peak: " + c.encode());
      assertEquals(-10.79, c.getDouble("rmsDb"), b.lossy() ? 1.0 : 0.1, b.format() + " RMS: " + c.encode());
      assertEquals(0, c.getDouble("dcOffset"), 0.01, c.encode());
      assertEquals(0, c.getDouble("clippingFraction"), c.encode());
    }
    assertEquals(1 / 3.0, p.getJsonObject("silence").getDouble("fraction"), b.lossy() ? 0.05 : 0.03, b.format() + ": " + p.encode());
    assertTrue(p.containsKey("bpm") && p.getValue("bpm") == null, "3 s give no tempo: " + p.encode());
    if (b.channels() == 2) assertEquals(1.0, p.getJsonObject("stereo").getDouble("correlation"), 0.01, p.encode());
    else assertFalse(p.containsKey("stereo"), p.encode());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wav", "mp3", "ogg", "flac"})
  @DisplayName("a WAV, an MP3, an Ogg Vorbis and a FLAC each end Done: the waveform's bars follow the burst, duration/"
      + "sampleRate/channels/format are on the sound, the statistics record is stored")
  void eachFormatEndsDone(String format) throws Exception {
    Burst b = Burst.of(format);
    JsonObject created = postSound("burst." + format, "audio/" + format, b.bytes());
    assertWaveformDone(created, b);
    assertStatistics(created.getLong("id"), b);
  }

  @Test
  @DisplayName("a corrupt file of each format ends Dead on the sound route with the decoder's one-line reason; the worker "
      + "then serves a model and another sound")
  void corruptFilesEndDead() throws Exception {
    Map<String, JsonObject> corrupt = new LinkedHashMap<>();
    for (String format : List.of("wav", "mp3", "ogg", "flac")) {
      byte[] junk = new byte[4_096];
      new Random(format.hashCode()).nextBytes(junk);
      corrupt.put(format, postSound("broken." + format, "audio/" + format, junk));
    }
    for (var e : corrupt.entrySet()) {
      JsonObject dead = awaitEnded(e.getValue().getLong("jobId"));
      assertEquals("Dead", dead.getString("status"), dead.encode());
      assertEquals("Sound", dead.getString("assetType"), dead.encode());
      assertEquals(3, dead.getInteger("finishCount"), "each attempt finished failed on the sound route: " + dead.encode());
      String message = dead.getString("errorMessage");
      assertTrue(message.startsWith("decode: ") && message.contains(e.getKey().toUpperCase(Locale.ROOT)), dead.encode());
      assertFalse(message.contains("\n") || message.contains("Exception") || message.contains("Cannot invoke"),
          "one readable line: " + message);
      JsonObject broken = api.get("/sounds/" + e.getValue().getLong("id")).bodyAsJsonObject();
      assertNull(broken.getValue("waveformUrl"), broken.encode());
      assertEquals(0, api.get("/assets/Sound/" + e.getValue().getLong("id") + "/extraction").bodyAsJsonObject()
          .getJsonArray("records").size(), "no statistics for a sound that did not decode");
    }
    long model = api.uploadModel("after.obj", RealApi.obj(5)).getLong("jobId");
    assertEquals("Done", awaitEnded(model).getString("status"), "a model job after the corrupt sounds");
    JsonObject again = postSound("again.wav", "audio/x-wav", TestSounds.burstWav(44_100, 1, 16));
    assertWaveformDone(again, Burst.of("wav"));
  }

  @Test
  @DisplayName("a statistics record the API refuses is logged and the sound's job still ends Done")
  void aRefusedStatisticsRecordLeavesTheJobDone() throws Exception {
    byte[] wav = TestSounds.burstWav(16_000, 2, 8);
    int before = faults.injected();
    faults.failNext(1, "PUT", "^/assets/Sound/\\d+/extraction$", 400);
    JsonObject created = postSound("refused.wav", "audio/wav", wav);
    assertWaveformDone(created, new Burst("wav", wav, 16_000, 2, 1e-6, false));
    assertEquals(before + 1, faults.injected(), "the record was sent and refused");
    assertEquals(0, api.get("/assets/Sound/" + created.getLong("id") + "/extraction").bodyAsJsonObject()
        .getJsonArray("records").size());
  }
}
