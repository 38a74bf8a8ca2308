package io.thumbnailworker.bench;

import io.thumbnailworker.logging.Logging;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench soak}: one worker process runs N jobs end to end against the reference API (this JVM); its
 * resident set (the worker JVM, and separately its importer process) is printed every {@code --every} finished jobs,
 * and the growth after warm-up is reported. Jobs are fed a few at a time so the queue never grows large.
 *
 * <pre>soak [--jobs 1000] [--every 100] [--warmup 100] [--concurrency 2] [--model ../shared/models/glb/Duck.glb]</pre>
 */
public final class SoakBench {
  private SoakBench() {}

  public static void main(String[] args) throws Exception {
    Logging.apply("text", "warn");
    int n = Integer.parseInt(BenchReport.flag(args, "--jobs", "1000"));
    int every = Integer.parseInt(BenchReport.flag(args, "--every", "100"));
    int warmup = Integer.parseInt(BenchReport.flag(args, "--warmup", String.valueOf(Math.min(100, n / 5))));
    int c = Integer.parseInt(BenchReport.flag(args, "--concurrency", "2"));
    Path modelPath = Path.of(BenchReport.flag(args, "--model", "../shared/models/glb/Duck.glb"));
    try (BenchStack stack = new BenchStack(modelPath)) {
      BenchReport report = new BenchReport("soak", new JsonObject().put("jobs", n).put("every", every).put("warmup", warmup)
          .put("concurrency", c).put("model", stack.model.toString())
          .put("workerJavaOpts", System.getenv().getOrDefault("BENCH_WORKER_JAVA_OPTS", "")));
      List<List<Object>> rows = new ArrayList<>();
      long baseline = -1, peak = 0, peakWithImporter = 0, failed = 0;
      long t0 = System.nanoTime();
      try (BenchStack.Worker w = stack.new Worker("soak", c)) {
        w.awaitHub(stack.api.hubClients());
        int enqueued = 0, finished = 0, nextReport = every;
        System.out.printf(Locale.ROOT, "worker pid %d, MAX_CONCURRENT_JOBS=%d, %d jobs of %s%n", w.process.pid(), c, n, stack.model.getFileName());
        while (finished < n) {
          while (enqueued < n && enqueued - finished < 2 * c + 2) stack.enqueue(enqueued++).await();
          Thread.sleep(100);
          List<JsonObject> jobs = stack.jobs();
          finished = (int) jobs.stream().filter(BenchStack::finished).count();
          failed = jobs.stream().filter(j -> "Failed".equals(j.getString("status"))).count();
          long rss = w.rss();
          peak = Math.max(peak, rss);
          peakWithImporter = Math.max(peakWithImporter, rss + w.childrenRss());
          if (baseline < 0 && finished >= warmup) baseline = rss;
          if (finished >= nextReport || finished >= n) {
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "after %d jobs (%.0f s): worker RSS %d MiB, importer RSS %d MiB%n", finished, s, rss >> 20, w.childrenRss() >> 20);
            rows.add(List.of(finished, s, rss >> 20, w.childrenRss() >> 20));
            nextReport += every;
          }
          if (!w.process.isAlive()) throw new IllegalStateException("worker exited with " + w.process.exitValue() + ": see target/bench/worker-soak.log");
        }
        long end = w.rss();
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.table("Worker resident memory over " + n + " jobs (" + stack.model.getFileName() + ", MAX_CONCURRENT_JOBS=" + c + ")",
            List.of("jobs finished", "seconds", "worker RSS MiB", "importer RSS MiB"), rows);
        long growth = end - baseline;
        report.table("Soak summary", List.of("jobs", "failed", "seconds", "jobs/min", "RSS after warm-up MiB", "RSS at end MiB",
                "peak RSS MiB", "peak RSS with importer MiB", "growth after warm-up MiB"),
            List.of(List.of(n, failed, seconds, n * 60 / seconds, baseline >> 20, end >> 20, peak >> 20, peakWithImporter >> 20, growth >> 20)));
        report.note(goals(peak, peakWithImporter, growth, n, warmup));
      }
      report.finish();
    }
    System.exit(0);
  }

  private static String goals(long peak, long peakWithImporter, long growth, int n, int warmup) {
    return String.format(Locale.ROOT, "Goals: steady-state RSS <= 400 MiB -> %s for the worker JVM (peak %d MiB; %d MiB with its "
            + "importer process); growth <= 64 MiB over %d jobs -> %s (%+d MiB after %d warm-up jobs)%s.",
        peak <= 400L << 20 ? "MET" : "not met", peak >> 20, peakWithImporter >> 20, n, growth <= 64L << 20 ? "MET" : "not met",
        growth >> 20, warmup, n < 1000 ? "; fewer than the goal's 1,000 jobs" : "");
  }
}
