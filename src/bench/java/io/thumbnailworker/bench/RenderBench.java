package io.thumbnailworker.bench;

import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.Timings;
import io.thumbnailworker.samples.SampleModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench render}: per-model stage timings (median of warm runs) and peak resident memory, or with
 * {@code --soak N} N consecutive renders and the resident-memory growth after warm-up.
 *
 * <pre>
 * render [--models DIR] [--runs 5] [--size 256] [--soak 300] [--no-antialiasing] [--aa ssaa|msaa|fxaa] [--reference-set] [FILE…]
 * </pre>
 * Without FILEs: the good models of DIR/MANIFEST.md (default ../shared/models), else the project's sample models.
 */
public final class RenderBench {
  private RenderBench() {}

  public static void main(String[] args) throws Exception {
    Path models = Path.of("../shared/models");
    int runs = 5, size = 256, soak = 0;
    boolean antialiasing = true, referenceSet = false;
    String aaMethod = RenderSettings.defaults().antialiasingMethod();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--soak" -> soak = Integer.parseInt(args[++i]);
        case "--no-antialiasing" -> antialiasing = false;
        case "--aa" -> aaMethod = args[++i];
        case "--reference-set" -> referenceSet = true;
        case "-h", "--help" -> {
          System.out.println("usage: bench render [--models DIR] [--runs 5] [--size 256] [--soak N] [--no-antialiasing] [--aa ssaa|msaa|fxaa] [--reference-set] [FILE...]");
          return;
        }
        default -> files.add(Path.of(args[i]));
      }
    }
    Path out = Files.createTempDirectory("render-bench");
    if (referenceSet) files.addAll(referenceSet(models));
    if (files.isEmpty()) files = corpus(models, out);
    RenderSettings s = RenderSettings.defaults().withSize(size, size).withAntialiasing(antialiasing).withAntialiasingMethod(aaMethod);
    RenderService service = RenderService.start(RenderService.Options.defaults());
    try {
      System.out.printf(Locale.ROOT, "# render bench: %s, %dx%d, %d frames, anti-aliasing %s, LP_NUM_THREADS=%s, %d cores%n", service.glRenderer(), size, size,
          s.frameCount(), s.effectiveAntialiasing(), System.getenv().getOrDefault("LP_NUM_THREADS", "(default)"), Runtime.getRuntime().availableProcessors());
      if (soak > 0) soak(service, files, s, out, soak);
      else table(service, files, s, out, runs);
    } finally {
      service.close();
    }
  }

  private static void table(RenderService service, List<Path> files, RenderSettings s, Path out, int runs) throws Exception {
    System.out.printf("%n| model | triangles | load | (import) | render | readback | encode cpu | encode wait | mux | total | cpu | peak RSS MiB | importer peak RSS MiB |%n");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Path f : files) {
      RssSampler rss = RssSampler.begin();
      List<Timings> t = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      long triangles = 0;
      String error = null;
      for (int i = 0; i <= runs; i++) {
        try {
          long c0 = cpuNanos();
          RenderResult r = service.submit(new RenderJob("bench", f, null, out, s, 0L, true)).get();
          triangles = r.triangles();
          if (i > 0) {   // run 0 warms up
            t.add(r.timings());
            cpu.add((cpuNanos() - c0) / 1e6);
          }
        } catch (ExecutionException e) {
          error = e.getCause().getMessage();
          break;
        }
      }
      String name = f.getFileName().toString();
      if (error != null) {
        rss.finish();
        System.out.printf("| %s | failed: %s |%n", name, error);
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %d | %d |%n", name, triangles,
          med(t, Timings::load), med(t, Timings::importChild), med(t, Timings::render), med(t, Timings::readback),
          med(t, Timings::encodeCpu), med(t, Timings::encodeWait), med(t, Timings::mux), med(t, Timings::total),
          cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray()[cpu.size() / 2],
          rss.finish() >> 20, rss.childrenPeak() >> 20);
    }
    System.out.println("\nms, median of " + runs + " warm runs. load = pre-checks + import in the child process + transfer; "
        + "(import) = Assimp time inside the child; render = upload + draw (+ anti-aliasing resolve); readback = map + copy; "
        + "encode cpu = summed FXAA (when chosen) and WebP encode time on the encoder pool (overlaps rendering); encode wait = time after the last frame "
        + "until every frame was encoded; mux = animation assembly + file writes; total = wall time of the job; cpu = CPU time "
        + "of this process during the job (render thread, llvmpipe threads, encoders; not the importer child), which other "
        + "load on the host distorts far less than wall time.");
  }

  private static void soak(RenderService service, List<Path> files, RenderSettings s, Path out, int n) throws Exception {
    int warm = Math.min(30, n / 5);
    long baseline = 0, max = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Path f = files.get(i % files.size());
      try {
        service.submit(new RenderJob("soak-" + i, f, null, out, s, 0L, true)).get();
      } catch (ExecutionException e) {
        System.out.printf("render %d (%s) failed: %s%n", i, f.getFileName(), e.getCause().getMessage());
      }
      long rss = rssBytes();
      if (i + 1 == warm) baseline = rss;
      if (i + 1 >= warm) max = Math.max(max, rss);
      if ((i + 1) % 50 == 0) System.out.printf(Locale.ROOT, "after %d renders: RSS %d MiB%n", i + 1, rss >> 20);
    }
    long end = rssBytes();
    System.out.printf(Locale.ROOT, "%n%d renders in %.1f s; RSS after %d warm-up renders %d MiB, at the end %d MiB, max %d MiB: growth %+d MiB (limit 64)%n",
        n, (System.nanoTime() - t0) / 1e9, warm, baseline >> 20, end >> 20, max >> 20, (end - baseline) >> 20);
  }

  private static List<Path> corpus(Path models, Path out) throws IOException {
    List<Path> files = new ArrayList<>();
    Path manifest = models.resolve("MANIFEST.md");
    if (Files.isRegularFile(manifest)) {
      Matcher m = Pattern.compile("(?m)^\\| `([^`]+)`").matcher(Files.readString(manifest));
      while (m.find()) if (!m.group(1).startsWith("bad/")) files.add(models.resolve(m.group(1)));
    }
    if (files.isEmpty()) files.addAll(SampleModels.writeAll(out.resolve("samples")));
    return files;
  }

  /** The reference set: the Duck, 2CylinderEngine and textured bumpy spheres at 20k and 200k triangles. */
  static List<Path> referenceSet(Path models) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : new String[] {"glb/Duck.glb", "glb/2CylinderEngine.glb"}) {
      if (Files.isRegularFile(models.resolve(name))) files.add(models.resolve(name));
    }
    files.add(BumpySphere.writeGlb(BumpySphere.CACHE, 20_000));
    files.add(BumpySphere.writeGlb(BumpySphere.CACHE, 200_000));
    return files;
  }

  private static double med(List<Timings> t, ToDoubleFunction<Timings> f) {
    double[] v = t.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static long rssBytes() {
    return status("VmRSS:");
  }

  /**
   * Highest VmRSS seen while one model's runs go on, sampled every 5 ms (VmHWM cannot be reset everywhere: writing
   * /proc/self/clear_refs is not allowed in some sandboxes), of this JVM and of its child processes (the importer).
   */
  static final class RssSampler extends Thread {
    private volatile boolean running = true;
    private volatile long peak;
    private volatile long childrenPeak;

    static RssSampler begin() {
      RssSampler s = new RssSampler();
      s.setDaemon(true);
      s.peak = rssBytes();
      s.start();
      return s;
    }

    @Override
    public void run() {
      while (running) {
        peak = Math.max(peak, rssBytes());
        childrenPeak = Math.max(childrenPeak, ProcessHandle.current().descendants().mapToLong(p -> BenchReport.rssBytes(p.pid())).sum());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long finish() {
      running = false;
      interrupt();
      return Math.max(peak, rssBytes());
    }

    /** The children's highest resident memory together (after {@link #finish}). */
    long childrenPeak() {
      return childrenPeak;
    }
  }

  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | RuntimeException ignored) {
      return 0;
    }
    return 0;
  }

}
