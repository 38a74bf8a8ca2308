package io.thumbnailworker.bench;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench peers}: our render engine against three.js in headless Chromium (the renderer of Modelibr's
 * own Node worker), both warm, on the same CPU in the same run. Per model, one warm-up job each, then {@code --runs}
 * rounds that alternate which of the two goes first. A job is load + render + WebP encode of every orbit frame at the
 * same size, frame count and WebP quality. Reported: median and range of each side's job time, the ratio, and the CPU
 * time each side used per job.
 *
 * <pre>
 * peers [--runs 5] [--size 256] [--frames 24] [--models DIR] [--gl egl|swiftshader] [--aa ssaa|msaa|fxaa] [--detail lod|full]
 *       [--peer-dir src/bench/peers] [FILE…]
 * </pre>
 * {@code --detail full} switches off our level of detail (meshes above the draw budget are simplified by default), so
 * both sides draw every triangle; {@code --aa msaa} gives ours the peer's 4x multisampling.
 * Without FILEs: the reference set of {@code render --reference-set} and an OBJ, an STL and an FBX of the corpus.
 */
public final class PeerBench {
  /** Corpus models in formats three.js loads with its own loaders. */
  static final List<String> OTHER_FORMATS = List.of("obj/WusonOBJ.obj", "stl/Spider_binary.stl", "fbx/spider.fbx");

  private PeerBench() {}

  /** One job's figures: wall ms, CPU ms, and the stages (load, draw, encode wait) in ms. */
  record Sample(double totalMs, double cpuMs, double loadMs, double renderMs, double encodeWaitMs, long bytes, long triangles) {}

  public static void main(String[] args) throws Exception {
    int runs = Math.max(1, Integer.parseInt(BenchReport.flag(args, "--runs", "5")));
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    int frames = Integer.parseInt(BenchReport.flag(args, "--frames", "24"));
    Path models = Path.of(BenchReport.flag(args, "--models", "../shared/models"));
    String gl = BenchReport.flag(args, "--gl", "egl");
    Path peerDir = Path.of(BenchReport.flag(args, "--peer-dir", "src/bench/peers"));
    String detail = BenchReport.flag(args, "--detail", "lod");
    if (!detail.equals("lod") && !detail.equals("full")) throw new IllegalArgumentException("--detail is lod or full, not " + detail);
    RenderSettings s = RenderSettings.defaults().withSize(size, size);
    s = s.withAntialiasingMethod(BenchReport.flag(args, "--aa", s.antialiasingMethod()));
    if (frames != s.frameCount()) s = s.withOrbit(0, 360, 360.0 / frames);
    List<Path> files = files(args, models);
    Path out = Files.createTempDirectory("peer-bench");
    BenchReport report = new BenchReport("peers", new JsonObject().put("runs", runs).put("size", size).put("frames", frames)
        .put("webpQuality", s.webpQuality()).put("ours", s.effectiveAntialiasing()).put("detail", detail).put("peerGl", gl));
    RenderService service = RenderService.start(RenderService.Options.defaults().withLevelOfDetail(detail.equals("lod")));
    try (PeerProcess peer = PeerProcess.start(peerDir, gl)) {
      JsonObject info = peer.info();
      report.put("peer", info);
      report.put("ourGlRenderer", service.glRenderer());
      System.out.printf(Locale.ROOT, "# ours: %s, anti-aliasing %s, detail %s; peer: three.js r%s, %s, WebGL%s, %d samples, %s%n",
          service.glRenderer(), s.effectiveAntialiasing(), detail, info.getValue("three"), info.getString("chromium"),
          info.getBoolean("webgl2", false) ? "2" : "1", info.getInteger("samples", 0), info.getString("renderer"));
      if (gl.equals("egl") && !info.getString("renderer", "").contains("llvmpipe")) {
        report.note("The page did not get the system GL (llvmpipe) through ANGLE/EGL but " + info.getString("renderer")
            + ": Chromium fell back, so the peer's figures are not on the same GL as ours.");
      }
      Sides sides = new Sides(service, peer, s, out);
      List<List<Object>> summary = new ArrayList<>(), stages = new ArrayList<>();
      for (Path f : files) sides.compare(f, runs, summary, stages);
      report.table("Job time, ours against three.js, " + size + "x" + size + ", " + s.frameCount() + " frames, WebP q"
              + s.webpQuality() + " (ms, median of " + runs + " alternating warm runs)",
          List.of("model", "triangles", "ours ms", "ours range", "three.js ms", "three.js range", "three.js / ours",
              "ours CPU ms", "three.js CPU ms", "CPU three.js / ours"), summary);
      report.table("Stages (ms, medians)", List.of("model", "ours load", "ours render + readback", "ours encode wait",
          "three.js load", "three.js render", "three.js encode wait", "ours WebP bytes", "three.js WebP bytes (frames)"), stages);
      report.note("ours: the public RenderService (" + s.effectiveAntialiasing() + ", detail " + detail + ", importer child process); total = its job wall "
          + "time including the animated WebP, poster and file writes. three.js: loader + fit + " + s.frameCount()
          + " x (render + canvas.toBlob('image/webp')) in one warm page, until every frame is encoded; no muxing. CPU = "
          + "user + system time of each side's processes per job (ours: bench JVM + importer; three.js: node + Chromium).");
    } finally {
      service.close();
      FileOps.deleteRecursively(out);
    }
    report.finish();
  }

  private static List<Path> files(String[] args, Path models) throws java.io.IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) i++;
      else files.add(Path.of(args[i]));
    }
    if (!files.isEmpty()) return files;
    files.addAll(RenderBench.referenceSet(models));
    for (String name : OTHER_FORMATS) if (Files.isRegularFile(models.resolve(name))) files.add(models.resolve(name));
    return files;
  }

  /** Runs the same model on both sides and turns the samples into table rows. */
  private record Sides(RenderService service, PeerProcess peer, RenderSettings s, Path out) {
    void compare(Path f, int runs, List<List<Object>> summary, List<List<Object>> stages) throws Exception {
      String name = f.getFileName().toString();
      List<Sample> ours = new ArrayList<>(), theirs = new ArrayList<>();
      try {
        keep(ours(f, 0), name, "ours");
        peer(f, Path.of("target", "bench", "peers-" + name + "-three.webp").toAbsolutePath());
        for (int i = 1; i <= runs; i++) {
          if (i % 2 == 1) {
            theirs.add(peer(f, null));
            ours.add(ours(f, i).sample);
          } else {
            ours.add(ours(f, i).sample);
            theirs.add(peer(f, null));
          }
        }
      } catch (Exception e) {
        String why = e.getCause() != null && !(e instanceof java.io.IOException) ? e.getCause().getMessage() : e.getMessage();
        System.err.printf("%s failed: %s%n", name, why);
        summary.add(List.of(name, "failed: " + why));
        return;
      }
      double o = med(ours, Sample::totalMs), t = med(theirs, Sample::totalMs);
      summary.add(List.of(name, ours.get(0).triangles(), o, range(ours), t, range(theirs), round(t / o, 100),
          med(ours, Sample::cpuMs), med(theirs, Sample::cpuMs), round(med(theirs, Sample::cpuMs) / med(ours, Sample::cpuMs), 100)));
      stages.add(List.of(name, med(ours, Sample::loadMs), med(ours, Sample::renderMs), med(ours, Sample::encodeWaitMs),
          med(theirs, Sample::loadMs), med(theirs, Sample::renderMs), med(theirs, Sample::encodeWaitMs),
          ours.get(0).bytes(), theirs.get(0).bytes()));
    }

    private record Ours(Sample sample, RenderResult result) {}

    private Ours ours(Path f, int i) throws Exception {
      double c0 = cpuSeconds();
      RenderResult r = service.submit(new RenderJob("peers-" + i, f, null, out, s, 0L, true)).get();
      double cpu = (cpuSeconds() - c0) * 1000;
      var t = r.timings();
      return new Ours(new Sample(t.total(), cpu, t.load(), t.render() + t.readback(), t.encodeWait(), r.webpBytes(), r.triangles()), r);
    }

    private Sample peer(Path f, Path firstFrame) throws Exception {
      JsonObject req = new JsonObject().put("file", f.toAbsolutePath().toString()).put("size", s.width())
          .put("frames", s.frameCount()).put("quality", s.webpQuality()).put("background", s.background())
          .put("cameraHeight", s.cameraHeight());
      if (firstFrame != null) {
        Files.createDirectories(firstFrame.getParent());
        req.put("firstFrameOut", firstFrame.toString());
      }
      double c0 = peer.cpuSeconds();
      JsonObject a = peer.job(req);
      double cpu = (peer.cpuSeconds() - c0) * 1000;
      if (!a.getBoolean("webp", false)) throw new java.io.IOException("the page's canvas.toBlob gave no WebP");
      return new Sample(a.getDouble("total"), cpu, a.getDouble("load"), a.getDouble("render"), a.getDouble("encodeWait"),
          a.getLong("bytes"), a.getLong("triangles"));
    }

    /** Copies our warm-up output beside the peer's first frame, for a look at what each side drew. */
    private void keep(Ours o, String name, String side) throws java.io.IOException {
      Path dir = Path.of("target", "bench");
      Files.createDirectories(dir);
      Files.copy(o.result.webp(), dir.resolve("peers-" + name + "-" + side + ".webp"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** CPU seconds of this JVM and its own children (the importer), leaving out the peer's processes. */
    private double cpuSeconds() {
      double own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
      return own + ProcessHandle.current().descendants().filter(h -> !peer.owns(h))
          .mapToDouble(h -> BenchReport.cpuSeconds(h.pid())).sum();
    }
  }

  static double med(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
    return round(BenchReport.median(samples.stream().mapToDouble(f).toArray()), 10);
  }

  static String range(List<Sample> samples) {
    double[] v = samples.stream().mapToDouble(Sample::totalMs).sorted().toArray();
    return String.format(Locale.ROOT, "%.0f–%.0f", v[0], v[v.length - 1]);
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
