package io.thumbnailworker.bench;

import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.Timings;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code scripts/bench scale}: how one job's cost grows with triangles, resolution and frame count, through the public
 * {@link RenderService} (one warm GL thread per engine), on generated bumpy spheres. The triangle axis runs twice: as
 * users get it (meshes above the draw budget are simplified by the importer) and on an engine started with
 * {@code Options.withLevelOfDetail(false)}, which draws every triangle; the resolution and frame axes use full detail
 * so only one thing changes at a time.
 *
 * <pre>scale [--triangles 1000,10000,100000,1000000] [--sizes 128,256,512,1024] [--frames 1,8,24,72] [--base 20000] [--runs 3]</pre>
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    Logging.apply("text", "warn");
    long[] triangles = longs(BenchReport.flag(args, "--triangles", "1000,10000,100000,1000000"));
    long[] sizes = longs(BenchReport.flag(args, "--sizes", "128,256,512,1024"));
    long[] frames = longs(BenchReport.flag(args, "--frames", "1,8,24,72"));
    long base = Long.parseLong(BenchReport.flag(args, "--base", "20000"));
    int runs = Integer.parseInt(BenchReport.flag(args, "--runs", "3"));
    Path meshes = BumpySphere.CACHE;
    Path out = Files.createTempDirectory("scale-bench");
    RenderService lod = RenderService.start(RenderService.Options.defaults());
    RenderService full = RenderService.start(RenderService.Options.defaults().withLevelOfDetail(false));
    try {
      Engines engines = new Engines(lod, full);
      JsonObject params = new JsonObject().put("triangles", Arrays.toString(triangles)).put("sizes", Arrays.toString(sizes))
          .put("frames", Arrays.toString(frames)).put("base", base).put("runs", runs).put("glRenderer", lod.glRenderer());
      BenchReport report = new BenchReport("scale", params);
      System.out.println("GL: " + lod.glRenderer() + "; median of " + runs + " warm runs after one warm-up run per cell");
      List<String> headers = List.of("axis", "value", "source triangles", "px", "frames", "detail", "load ms", "render ms",
          "readback ms", "encode cpu ms", "encode wait ms", "mux ms", "total ms", "total ms/frame");
      List<List<Object>> rows = new ArrayList<>();
      RenderSettings d = RenderSettings.defaults();
      for (long t : triangles) {
        Path f = BumpySphere.write(meshes, t);
        rows.add(cell(engines, "triangles", t, f, d.withSize(256, 256), false, out, runs));
        rows.add(cell(engines, "triangles", t, f, d.withSize(256, 256), true, out, runs));
      }
      Path baseMesh = BumpySphere.write(meshes, base);
      for (long px : sizes) rows.add(cell(engines, "resolution", px, baseMesh, d.withSize((int) px, (int) px), true, out, runs));
      for (long n : frames) {
        rows.add(cell(engines, "frames", n, baseMesh, d.withSize(256, 256).withOrbit(0, 360, 360.0 / n), true, out, runs));
      }
      report.table("Render cost vs triangles, resolution and frames (bumpy spheres, one warm GL thread)", headers, rows);
      report.note("detail: lod = as shipped (meshes above max(16,384, width x height / 4) triangles are simplified with "
          + "meshoptimizer in the importer); full = an engine with level of detail off. load = pre-checks + import in the "
          + "importer process + transfer; render = upload + draw + anti-aliasing resolve; encode cpu runs on the encoder pool in "
          + "parallel with rendering; total = wall time of the job.");
      report.finish();
    } finally {
      lod.close();
      full.close();
    }
    System.exit(0);
  }

  /** An engine as shipped and one that keeps every triangle. */
  private record Engines(RenderService lod, RenderService full) {}

  private static List<Object> cell(Engines engines, String axis, long value, Path model, RenderSettings s,
                                   boolean fullDetail, Path out, int runs) throws Exception {
    RenderService service = fullDetail ? engines.full() : engines.lod();
    List<Timings> t = new ArrayList<>();
    long tri = 0;
    for (int i = 0; i <= runs; i++) {
      RenderResult r = service.submit(new RenderJob("scale", model, null, out, s, 0L, true)).get();
      tri = r.triangles();
      if (i > 0) t.add(r.timings());
    }
    double total = med(t, Timings::total);
    System.err.printf("scale: %s=%d done, %.0f ms%n", axis, value, total);
    return List.of(axis, value, tri, s.width(), s.frameCount(), fullDetail ? "full" : "lod", med(t, Timings::load),
        med(t, Timings::render), med(t, Timings::readback), med(t, Timings::encodeCpu), med(t, Timings::encodeWait),
        med(t, Timings::mux), total, total / s.frameCount());
  }

  private static double med(List<Timings> t, ToDoubleFunction<Timings> f) {
    return BenchReport.median(t.stream().mapToDouble(f).toArray());
  }

  private static long[] longs(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
  }
}
