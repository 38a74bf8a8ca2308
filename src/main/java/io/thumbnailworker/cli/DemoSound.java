package io.thumbnailworker.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The demo's sound: a generated tone burst (plucked notes at 120 BPM that fade, with a silent second in the middle),
 * written as a 16-bit 44.1 kHz mono WAV with {@code javax.sound.sampled} and uploaded with {@code POST /sounds}, which
 * enqueues its waveform job; and the sounds' job statuses, for the demo's progress lines.
 */
final class DemoSound {
  static final int RATE = 44_100;
  static final double SECONDS = 6;
  static final double BPM = 120;

  private DemoSound() {}

  /** Uploads the burst; the sound's id. */
  static long create(WebClient http, String base) throws Exception {
    Path wav = write(Files.createTempDirectory("thumbnail-demo-sound-").resolve("tone-burst.wav"));
    HttpResponse<?> resp = http.postAbs(base + "/sounds")
        .sendMultipartForm(MultipartForm.create().attribute("name", "tone burst")
            .binaryFileUpload("file", wav.getFileName().toString(), wav.toString(), "audio/wav"))
        .await(2, TimeUnit.MINUTES);
    if (resp.statusCode() != 201) throw new IllegalStateException("upload of " + wav + " answered " + resp.statusCode() + ": " + resp.bodyAsString());
    return resp.bodyAsJsonObject().getLong("id");
  }

  /** The burst as a WAV file at {@code file}. */
  static Path write(Path file) throws IOException {
    int frames = (int) (SECONDS * RATE);
    ByteBuffer pcm = ByteBuffer.allocate(2 * frames).order(ByteOrder.LITTLE_ENDIAN);
    double beat = 60 / BPM;
    double[] notes = {440, 554.37, 659.25, 880};
    for (int i = 0; i < frames; i++) {
      double t = i / (double) RATE;
      int n = (int) (t / beat);
      double since = t - n * beat;
      boolean rest = t >= 2.5 && t < 3.5;   // a silent second in the middle
      double x = rest ? 0 : 0.8 * Math.exp(-since * 6) * Math.sin(2 * Math.PI * notes[n % notes.length] * t);
      pcm.putShort((short) Math.round(x * 32767));
    }
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }

  /** Every sound as {@code GET /sounds} lists it, named and with its waveform as the progress lines show them. */
  static JsonArray list(WebClient http, String base) throws Exception {
    JsonArray out = new JsonArray();
    for (Object o : http.getAbs(base + "/sounds").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray()) {
      JsonObject s = (JsonObject) o;
      out.add(s.copy().put("id", "sound " + s.getLong("id")).put("name", "sound " + s.getString("name"))
          .put("thumbnailPath", s.getString("waveformUrl")));
    }
    return out;
  }
}
