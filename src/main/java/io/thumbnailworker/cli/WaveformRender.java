package io.thumbnailworker.cli;

import io.thumbnailworker.sound.DecodedSound;
import io.thumbnailworker.sound.SoundDecoder;
import io.thumbnailworker.sound.SoundException;
import io.thumbnailworker.sound.Waveform;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code render --waveform FILE… --out DIR}: each sound's 800 x 150 waveform PNG as a Sound job makes it, written to
 * {@code DIR/<file name>.png}, with one JSON line per file: {@code {file, ok, png, pngBytes, duration, sampleRate,
 * channels, format, ms, error}}.
 */
final class WaveformRender {
  private WaveformRender() {}

  /** Renders every file in order, one line each on stdout; the exit code (0 all succeeded, 1 any failed). */
  static int renderAll(List<Path> files, Path out) {
    boolean allOk = true;
    for (Path file : files) {
      JsonObject line = render(file, out);
      allOk &= line.getBoolean("ok");
      System.out.println(line.encode());
      System.out.flush();
    }
    return allOk ? 0 : 1;
  }

  static JsonObject render(Path file, Path out) {
    long t0 = System.nanoTime();
    JsonObject line = new JsonObject().put("file", file.toString());
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    try {
      DecodedSound sound = SoundDecoder.decode(file, ext);
      Path png = out.resolve(name + ".png");
      long bytes = Waveform.writePng(Waveform.image(Waveform.peaks(sound.samples(), sound.length())), png);
      line.put("ok", true).put("png", png.toString()).put("pngBytes", bytes).put("duration", sound.durationSeconds())
          .put("sampleRate", sound.sampleRate()).put("channels", sound.channels()).put("format", sound.format())
          .put("statistics", sound.statistics().payload()).putNull("error");
    } catch (SoundException | IOException e) {
      line.put("ok", false).putNull("png").putNull("pngBytes").putNull("duration").putNull("sampleRate")
          .putNull("channels").putNull("format").putNull("statistics").put("error", String.valueOf(e.getMessage()));
    }
    return line.put("ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
  }
}
