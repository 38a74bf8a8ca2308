package io.thumbnailworker.bench;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.render.Timings;
import io.thumbnailworker.samples.SamplePanoramas;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code scripts/bench envmaps}: environment-map previews through the public render engine, per input type: a
 * Radiance {@code .hdr} and an OpenEXR panorama of {@code --width} × width/2, and a cube of six {@code .hdr} faces of
 * width/4, all the procedural day sky ({@code samples.SamplePanoramas}). Columns in ms, the median of {@code --runs}
 * warm runs after one warm-up: decode (file to linear floats, reduced), render (upload, mip chain, draw, readback),
 * encode wait, total.
 *
 * <pre>
 * envmaps [--runs 5] [--size 256] [--frames 24] [--width 2048]
 * </pre>
 */
public final class EnvironmentMapBench {
  private EnvironmentMapBench() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(BenchReport.flag(args, "--runs", "5"));
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    int frames = Integer.parseInt(BenchReport.flag(args, "--frames", "24"));
    int width = Integer.parseInt(BenchReport.flag(args, "--width", "2048"));
    Path dir = Files.createTempDirectory("envmap-bench");
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("hdr", SamplePanoramas.writeHdr(dir.resolve("sky.hdr"), SamplePanoramas.DAY, width, width / 2));
    inputs.put("exr", SamplePanoramas.writeExr(dir.resolve("sky.exr"), SamplePanoramas.DAY, width, width / 2));
    inputs.put("cube", SamplePanoramas.writeCube(dir.resolve("cube"), SamplePanoramas.DAY, width / 4));
    RenderSettings s = RenderSettings.defaults().withSize(size, size).withOrbit(0, 360, 360.0 / frames);
    BenchReport report = new BenchReport("envmaps", new JsonObject().put("runs", runs).put("size", size)
        .put("frames", frames).put("width", width));
    RenderService service = RenderService.start(RenderService.Options.defaults());
    try {
      List<List<Object>> rows = new ArrayList<>();
      for (Map.Entry<String, Path> in : inputs.entrySet()) {
        List<Timings> t = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i <= runs; i++) {
          RenderJob job = new RenderJob("bench-" + in.getKey() + "-" + i, in.getValue(), null, dir.resolve("out"), s, 0L,
              true, "jpeg", null, SceneKind.ENVIRONMENT_MAP, new JsonObject());
          RenderResult r = service.submit(job).get();
          bytes = r.webpBytes();
          if (i > 0) t.add(r.timings());
        }
        rows.add(List.of(in.getKey(), in.getKey().equals("cube") ? "6 x " + width / 4 + "²" : width + "x" + width / 2,
            median(t, Timings::load), median(t, x -> x.render() + x.readback()), median(t, Timings::encodeWait),
            median(t, Timings::total), bytes));
      }
      report.table("Environment maps, " + size + "x" + size + ", " + frames + " frames, " + s.effectiveAntialiasing() + ", "
              + service.glRenderer(),
          List.of("input", "source", "decode ms", "render ms", "encode wait ms", "total ms", "webp bytes"), rows);
    } finally {
      service.close();
      io.thumbnailworker.fs.FileOps.deleteRecursively(dir);
    }
    report.finish();
  }

  private static double median(List<Timings> t, ToDoubleFunction<Timings> f) {
    return Math.round(BenchReport.median(t.stream().mapToDouble(f).toArray()) * 10) / 10.0;
  }
}
