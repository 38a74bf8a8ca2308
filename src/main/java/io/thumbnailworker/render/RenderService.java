package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import io.thumbnailworker.render.gl.EglContext;
import io.thumbnailworker.render.gl.OrbitRenderer;
import io.thumbnailworker.render.importer.AssimpLoader;
import io.thumbnailworker.render.importer.ImporterProcess;
import io.thumbnailworker.render.importer.PreChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The render engine, usable with or without Vert.x: N dedicated GL threads (each owns one EGL context and one
 * importer child process for its whole life) take jobs from one queue; frames are encoded on a shared pool while the
 * next frames render. {@link #submit} never blocks; results come back as futures.
 */
public final class RenderService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenderService.class);

  /**
   * {@code stuckAfterMs}: a thread busy longer than this on a job without deadline counts as stuck.
   * {@code isolatedImports}: Assimp runs in a child process per GL thread, so a crash, hang or memory blow-up costs
   * one import (the worker); without it, imports run in this process on one import thread, starting when a job is
   * submitted, which saves the child's start-up (the one-shot {@code render} command) but gives up that protection,
   * cancelling an import and its time limit.
   */
  public record Options(int threads, String eglDevice, long stuckAfterMs, boolean isolatedImports) {
    public static Options defaults() {
      return new Options(1, "auto", 15 * 60_000L, true);
    }
  }

  /** Stack of the in-process import thread: deeply nested scenes recurse deeply in Assimp (reserved, not used). */
  private static final long IMPORT_STACK_BYTES = 1L << 30;

  private record Imported(ModelData model, double importMs) {}

  private static final class Pending {
    final RenderJob job;
    final CompletableFuture<RenderResult> result = new CompletableFuture<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    /** In-process imports only: started on submit, so it overlaps the render before it (or the GL start-up). */
    CompletableFuture<Imported> imported;

    Pending(RenderJob job) {
      this.job = job;
    }
  }

  private final Options options;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> byJob = new ConcurrentHashMap<>();
  private final List<GlThread> threads = new ArrayList<>();
  private final ExecutorService encoders;
  /** A job has a few frames in flight (read back, waiting for or in an encoder): 32 MiB is 128 frames at 256x256. */
  private final FramePool frames = new FramePool(32L << 20);
  private final ExecutorService inProcessImports;
  private volatile boolean closed;
  private volatile String vendor = "";
  private volatile String renderer = "";

  private RenderService(Options options) {
    this.options = options;
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "webp-encoder-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.encoders = Executors.newFixedThreadPool(cores, tf);
    // the first encode loads ImageIO's plug-ins and libwebp: do it now, alongside the GL start-up
    encoders.execute(JobEncoder::warmUp);
    this.inProcessImports = options.isolatedImports() ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "assimp-import", IMPORT_STACK_BYTES);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts the GL threads and waits until every context is up. Blocks (up to a minute): call it off the event loop.
   * @throws RenderException with code NO_GL and a readable hint when EGL/OpenGL is unusable
   */
  public static RenderService start(Options options) {
    RenderService service = launch(options);
    service.awaitReady();
    return service;
  }

  /** Starts the GL threads without waiting for them; jobs may be submitted at once. Follow with {@link #awaitReady}. */
  public static RenderService launch(Options options) {
    RenderService service = new RenderService(options);
    for (int i = 0; i < options.threads(); i++) {
      GlThread t = service.new GlThread(i);
      service.threads.add(t);
      t.start();
    }
    return service;
  }

  /**
   * Waits (up to a minute) until every GL context is up; closes the engine if one cannot start.
   * @throws RenderException with code NO_GL and a readable hint when EGL/OpenGL is unusable
   */
  public void awaitReady() {
    try {
      for (GlThread t : threads) {
        String[] info = t.ready.get(60, TimeUnit.SECONDS);
        vendor = info[0];
        renderer = info[1];
      }
    } catch (ExecutionException e) {
      close();
      if (e.getCause() instanceof RenderException re) throw re;
      throw new RenderException(RenderException.NO_GL, "OpenGL could not start: " + e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      close();
      throw new RenderException(RenderException.NO_GL, "OpenGL did not start within 60 s");
    }
    LOG.info("Render engine ready: {} GL thread(s) on {} / {}", options.threads(), vendor, renderer);
  }

  public CompletableFuture<RenderResult> submit(RenderJob job) {
    Pending p = new Pending(job);
    if (closed) {
      p.result.completeExceptionally(new RenderException(RenderException.INTERNAL, "the render engine is shutting down"));
      return p.result;
    }
    if (job.jobId() != null) byJob.put(job.jobId(), p);
    p.result.whenComplete((r, e) -> {
      if (job.jobId() != null) byJob.remove(job.jobId(), p);
    });
    if (inProcessImports != null) p.imported = CompletableFuture.supplyAsync(() -> importInProcess(job), inProcessImports);
    queue.add(p);
    return p.result;
  }

  private static Imported importInProcess(RenderJob job) {
    try {
      long t0 = System.nanoTime();
      String virtualName = PreChecks.check(job.modelPath(), job.fileType());
      ModelData model = AssimpLoader.load(job.modelPath(), virtualName, job.settings().maxPolygons(), drawBudget(job.settings()));
      return new Imported(model, (System.nanoTime() - t0) / 1e6);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Triangles worth drawing at this size: one per 4 pixels, at least 16,384. Denser meshes are simplified in the
   * importer (sub-pixel triangles cost llvmpipe far more than they add to a thumbnail, MSAA even more).
   */
  public static long drawBudget(RenderSettings s) {
    return Boolean.getBoolean("thumbnail.render.fullDetail") ? Long.MAX_VALUE : Math.max(16_384L, (long) s.width() * s.height() / 4);
  }

  /** Cancels a queued or running job; a running one stops at the next frame (or its import is killed). */
  public boolean cancel(String jobId) {
    Pending p = byJob.get(jobId);
    if (p == null) return false;
    p.cancelled.set(true);
    if (queue.remove(p)) p.result.completeExceptionally(new RenderException(RenderException.CANCELLED, "render was cancelled before it started"));
    return true;
  }

  public String glVendor() { return vendor; }
  public String glRenderer() { return renderer; }
  public int threads() { return threads.size(); }

  /** Every GL thread alive and none stuck on one job past its deadline (or {@code stuckAfterMs}). */
  public boolean healthy() {
    if (closed) return false;
    long now = System.currentTimeMillis();
    for (GlThread t : threads) {
      if (!t.isAlive()) return false;
      Pending p = t.current;
      long since = t.busySince;
      if (p != null && since > 0) {
        long limit = p.job.deadlineEpochMs() > 0 ? p.job.deadlineEpochMs() + 30_000 : since + options.stuckAfterMs();
        if (now > limit) return false;
      }
    }
    return true;
  }

  /** The importer process of a GL thread (for the benchmark); null when imports run in-process. */
  public ImporterProcess importer(int thread) {
    return threads.get(thread).importer;
  }

  @Override
  public void close() {
    closed = true;
    for (GlThread t : threads) t.interrupt();
    for (GlThread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.result.completeExceptionally(new RenderException(RenderException.INTERNAL, "the render engine shut down before the job ran"));
    }
    encoders.shutdownNow();
    if (inProcessImports != null) inProcessImports.shutdownNow();
  }

  /** A thread that owns one GL context and one importer process for its whole life. */
  private final class GlThread extends Thread {
    final CompletableFuture<String[]> ready = new CompletableFuture<>();
    final ImporterProcess importer;
    volatile Pending current;
    volatile long busySince;

    GlThread(int index) {
      super("gl-render-" + index);
      setDaemon(true);
      importer = options.isolatedImports() ? ImporterProcess.withDefaults("importer-" + index) : null;
    }

    @Override
    public void run() {
      EglContext ctx;
      OrbitRenderer renderer;
      try {
        ctx = EglContext.create(options.eglDevice());
        renderer = new OrbitRenderer(frames);
      } catch (Throwable e) {
        ready.completeExceptionally(e);
        if (importer != null) importer.close();
        return;
      }
      ready.complete(new String[] {ctx.vendor(), ctx.renderer()});
      try {
        renderer.warmUp();
      } catch (RuntimeException e) {
        LOG.warn("Render warm-up failed (the first job will show why if it matters): {}", e.toString());
      }
      if (importer != null) {
        try {
          importer.warmUp();
        } catch (RenderException e) {
          LOG.warn("Importer process did not start yet: {}", e.getMessage());
        }
      }
      try {
        while (!closed) {
          Pending p;
          try {
            p = queue.poll(500, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            break;
          }
          if (p == null) continue;
          current = p;
          busySince = System.currentTimeMillis();
          try {
            p.result.complete(runJob(p, renderer));
          } catch (RenderException e) {
            LOG.info("Job {} failed: {}", p.job.jobId(), e.getMessage());
            p.result.completeExceptionally(e);
          } catch (Throwable e) {
            LOG.warn("Job {} failed unexpectedly", p.job.jobId(), e);
            p.result.completeExceptionally(new RenderException(RenderException.INTERNAL, "render failed: " + e));
          } finally {
            current = null;
            busySince = 0;
          }
        }
      } finally {
        renderer.close();
        ctx.close();
        if (importer != null) importer.close();
      }
    }

    private RenderResult runJob(Pending p, OrbitRenderer renderer) throws IOException {
      RenderJob job = p.job;
      RenderSettings s = job.settings();
      long t0 = System.nanoTime();
      checkAlive(p, 0, s.frameCount());
      ModelData model;
      double importMs;
      if (importer != null) {
        String virtualName = PreChecks.check(job.modelPath(), job.fileType());
        long importTimeout = s.importTimeoutMs();
        if (job.deadlineEpochMs() > 0) importTimeout = Math.min(importTimeout, Math.max(1, job.deadlineEpochMs() - System.currentTimeMillis()));
        model = importer.importModel(job.modelPath(), virtualName, s.maxPolygons(), drawBudget(s), importTimeout,
            () -> p.cancelled.get() || (job.deadlineEpochMs() > 0 && System.currentTimeMillis() > job.deadlineEpochMs()));
        importMs = importer.lastStats().childMs();
      } else {
        Imported imported = awaitImport(p);
        model = imported.model();
        importMs = imported.importMs();
      }
      if (model.sourceTriangles() > s.maxPolygons()) {
        throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT,
            "model has %,d triangles, above MAX_POLYGON_COUNT %,d", model.sourceTriangles(), s.maxPolygons()));
      }
      Framing framing = Framing.compute(model, s);
      for (String w : model.warnings()) LOG.warn("Job {}: {}", job.jobId(), w);
      long t1 = System.nanoTime();
      JobEncoder encoder = new JobEncoder(encoders, frames, s);
      OrbitRenderer.Stats stats = new OrbitRenderer.Stats();
      JobEncoder.Written written;
      Path webp = job.outputDir().resolve(job.outputBaseName() + ".webp");
      Path poster = job.outputDir().resolve(job.outputBaseName() + ".jpg");
      try {
        renderer.render(model, framing, s, job.textures(), encoder::frame, (done, total) -> checkAlive(p, done, total), stats);
        written = encoder.finish(webp, poster);
      } catch (RuntimeException | IOException e) {
        encoder.abort();
        throw e;
      }
      double total = (System.nanoTime() - t0) / 1e6;
      Timings timings = new Timings((t1 - t0) / 1e6, importMs, stats.drawNanos / 1e6, stats.readbackNanos / 1e6,
          written.cpuMs(), written.waitMs(), written.muxMs(), total);
      LOG.debug("Job {}: {} rendered, {} triangles, {} frames, {}", job.jobId(), job.modelPath().getFileName(),
          model.triangleCount(), s.frameCount(), timings);
      return new RenderResult(job.jobId(), webp, poster, s.width(), s.height(), s.frameCount(), model.sourceTriangles(),
          written.webpBytes(), written.posterBytes(), timings, model.warnings());
    }

    private Imported awaitImport(Pending p) throws IOException {
      try {
        return p.imported.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RenderException(RenderException.CANCELLED, "interrupted while importing");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RenderException re) throw re;
        if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
        throw new RenderException(RenderException.BAD_MODEL, "Assimp could not read the file: " + RenderException.sanitize(String.valueOf(e.getCause())));
      }
    }

    private void checkAlive(Pending p, int done, int total) {
      if (p.cancelled.get() || closed) {
        throw new RenderException(RenderException.CANCELLED, "render was cancelled after " + done + " of " + total + " frames");
      }
      long deadline = p.job.deadlineEpochMs();
      if (deadline > 0 && System.currentTimeMillis() > deadline) {
        throw new RenderException(RenderException.CANCELLED, "render passed the job deadline after " + done + " of " + total + " frames");
      }
    }
  }
}
