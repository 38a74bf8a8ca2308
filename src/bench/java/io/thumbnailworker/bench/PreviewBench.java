package io.thumbnailworker.bench;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.bus.TextureSetPreview;
import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.render.shapes.PreviewShapes;
import io.thumbnailworker.samples.SampleTextureSet;
import io.thumbnailworker.sound.DecodedSound;
import io.thumbnailworker.sound.SoundDecoder;
import io.thumbnailworker.sound.Waveform;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench previews}: the warm cost of the previews other than model orbits, one row per case: a texture
 * set's 28-frame preview on each shape (the generated brick set: albedo, normal, packed ORM), and a sound's waveform
 * (decode + peaks + PNG) per generated sound. Each case runs once to warm up, then {@code --runs} times; the row is
 * the median (and the fastest and slowest) of the warm runs. The cases are a table: another preview kind is more rows.
 *
 * <pre>previews [--runs 5] [--size 256] [--sound FILE]</pre>
 */
public final class PreviewBench {
  private PreviewBench() {}

  /** One timed preview: what it is, and a run that answers its wall time and its stages (NaN where none). */
  record Case(String kind, String item, Run run) {}

  /** A run's wall time and, for renders, the time drawing and the encoder pool's CPU time, in milliseconds. */
  record Sample(double totalMs, double renderMs, double encodeCpuMs) {}

  @FunctionalInterface
  interface Run {
    Sample once() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Logging.apply("text", "warn");
    int runs = Integer.parseInt(BenchReport.flag(args, "--runs", "5"));
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    String sound = BenchReport.flag(args, "--sound", null);
    Path work = Files.createTempDirectory("preview-bench");
    RenderService service = RenderService.start(RenderService.Options.defaults());
    try {
      List<Case> cases = new ArrayList<>();
      cases.addAll(textureSets(service, work, RenderSettings.defaults().withSize(size, size).withBackground("transparent")));
      cases.addAll(waveforms(work, sound));
      BenchReport report = new BenchReport("previews", new JsonObject().put("runs", runs).put("size", size)
          .put("glRenderer", service.glRenderer()));
      List<List<Object>> rows = new ArrayList<>();
      for (Case c : cases) rows.add(row(c, runs));
      report.table("Previews: median of " + runs + " warm runs (" + service.glRenderer() + ")",
          List.of("kind", "item", "median ms", "min ms", "max ms", "render ms", "encode cpu ms"), rows);
      report.note("texture set: the generated 256x256 brick set at " + size + "x" + size + ", 28 frames, transparent "
          + "background, as a TextureSet job renders it (image decoding included); waveform: decode to mono 8 kHz, 200 "
          + "peaks and the 800x150 PNG, as a Sound job makes it. render ms = upload + drawing; encode cpu ms = WebP/PNG "
          + "encoding on the encoder pool, in parallel with drawing.");
      report.finish();
    } finally {
      service.close();
    }
    System.exit(0);
  }

  /** One texture-set case per preview shape. */
  static List<Case> textureSets(RenderService service, Path work, RenderSettings settings) throws Exception {
    List<Path> files = SampleTextureSet.write(work.resolve("bricks"));
    List<TextureMap> maps = List.of(new TextureMap("Albedo", files.get(0), "RGB"), new TextureMap("Normal", files.get(1), "RGB"),
        new TextureMap("AO", files.get(2), "R"), new TextureMap("Roughness", files.get(2), "G"),
        new TextureMap("Metallic", files.get(2), "B"));
    List<Case> cases = new ArrayList<>();
    for (String g : PreviewShapes.GEOMETRIES) {
      TextureSetPreview preview = new TextureSetPreview(g, 1, maps);
      cases.add(new Case("texture set", g, () -> {
        RenderResult r = service.submit(new RenderJob("bench-" + g, work.resolve("bricks-" + g), null, work.resolve("out"),
            settings, 0L, true).withPosterFormat("png").withPreview(SceneKind.TEXTURE_SET, preview.toJson())).get();
        return new Sample(r.timings().total(), r.timings().render(), r.timings().encodeCpu());
      }));
    }
    return cases;
  }

  /** One waveform case per generated sound, and one for {@code extra} when given. */
  static List<Case> waveforms(Path work, String extra) throws Exception {
    List<Path> sounds = new ArrayList<>(List.of(wav(work.resolve("tone-10s-44k-stereo.wav"), 44_100, 2, 10),
        wav(work.resolve("tone-60s-22k-mono.wav"), 22_050, 1, 60)));
    if (extra != null) sounds.add(Path.of(extra));
    List<Case> cases = new ArrayList<>();
    for (Path file : sounds) {
      String name = file.getFileName().toString();
      String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
      Path png = work.resolve(name + ".png");
      cases.add(new Case("waveform", name, () -> {
        long t0 = System.nanoTime();
        DecodedSound s = SoundDecoder.decode(file, ext);
        Waveform.writePng(Waveform.image(Waveform.peaks(s.samples(), s.length())), png);
        return new Sample((System.nanoTime() - t0) / 1e6, Double.NaN, Double.NaN);
      }));
    }
    return cases;
  }

  private static List<Object> row(Case c, int runs) throws Exception {
    c.run().once();   // warm-up
    double[] total = new double[runs], render = new double[runs], encode = new double[runs];
    for (int i = 0; i < runs; i++) {
      Sample s = c.run().once();
      total[i] = s.totalMs();
      render[i] = s.renderMs();
      encode[i] = s.encodeCpuMs();
    }
    double median = BenchReport.median(total);
    System.err.printf(java.util.Locale.ROOT, "previews: %s %s done, %.0f ms%n", c.kind(), c.item(), median);
    return List.of(c.kind(), c.item(), median, BenchReport.percentile(total, 0), BenchReport.percentile(total, 100),
        BenchReport.median(render), BenchReport.median(encode));
  }

  /** A 16-bit PCM WAV of a 440 Hz tone whose loudness swells and fades, {@code seconds} long. */
  static Path wav(Path file, int rate, int channels, int seconds) throws Exception {
    int frames = rate * seconds, data = frames * channels * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2)
        .putShort((short) (channels * 2)).putShort((short) 16).put("data".getBytes()).putInt(data);
    for (int i = 0; i < frames; i++) {
      double envelope = Math.abs(Math.sin(Math.PI * i / rate / 2));
      short v = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * envelope * 20_000);
      for (int ch = 0; ch < channels; ch++) b.putShort(v);
    }
    Files.write(file, b.array());
    return file;
  }
}
