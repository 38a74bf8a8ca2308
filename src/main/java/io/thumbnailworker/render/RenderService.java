package io.thumbnailworker.render;

import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.render.encode.JobEncoder;
import io.thumbnailworker.render.importer.Importer;
import io.thumbnailworker.render.importer.ImporterProcess;
import io.thumbnailworker.render.importer.InProcessImporter;
import io.thumbnailworker.render.scene.EnvironmentMapScene;
import io.thumbnailworker.render.scene.ModelOrbitScene;
import io.thumbnailworker.render.scene.Scene;
import io.thumbnailworker.render.scene.Scenes;
import io.thumbnailworker.render.scene.TextureSetScene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The render engine, usable with or without Vert.x: N {@link RenderThread}s (each owns one EGL context for its whole
 * life) take jobs from one queue; frames are encoded on a shared pool while the next frames render. This class keeps
 * the queue, cancellation and health; {@link #submit} never blocks, results come back as futures.
 */
public final class RenderService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RenderService.class);

  /**
   * @param stuckAfterMs a thread busy longer than this on a job without deadline counts as stuck
   * @param isolatedImports Assimp runs in a child process per render thread, so a crash, hang or memory blow-up costs
   *     one import (the worker); without it, imports run in this process on one import thread, starting when a job
   *     is submitted, which saves the child's start-up (the one-shot {@code render} command) but gives up that
   *     protection, cancelling an import and its time limit
   * @param levelOfDetail meshes denser than the frame needs are simplified in the importer (the default); false
   *     draws every triangle, to see what the simplification saves
   */
  public record Options(int threads, String eglDevice, long stuckAfterMs, boolean isolatedImports, boolean levelOfDetail) {
    public static Options defaults() {
      return new Options(1, "auto", 15 * 60_000L, true, true);
    }

    public Options withLevelOfDetail(boolean on) {
      return new Options(threads, eglDevice, stuckAfterMs, isolatedImports, on);
    }
  }

  private final Options options;
  private final BlockingQueue<QueuedJob> queue = new LinkedBlockingQueue<>();
  private final Map<String, QueuedJob> byJob = new ConcurrentHashMap<>();
  private final List<RenderThread> threads = new ArrayList<>();
  private final ExecutorService encoders;
  /** A job has a few frames in flight (read back, waiting for or in an encoder): 32 MiB is 128 frames at 256x256. */
  private final FramePool frames = new FramePool(32L << 20);
  /** Imports in this process, begun on submit; null when every render thread has its importer process. */
  private final InProcessImporter inProcess;
  private volatile boolean closed;
  private volatile String vendor = "";
  private volatile String renderer = "";

  private RenderService(Options options) {
    this.options = options;
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    this.encoders = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "webp-encoder-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // the first encode loads ImageIO's plug-ins and libwebp: do it now, alongside the GL start-up
    encoders.execute(JobEncoder::warmUp);
    this.inProcess = options.isolatedImports() ? null : new InProcessImporter();
  }

  /**
   * Starts the render threads and waits until every context is up. Blocks (up to a minute): call it off the event loop.
   * @throws RenderException with code NO_GL and a readable hint when EGL/OpenGL is unusable
   */
  public static RenderService start(Options options) {
    RenderService service = launch(options);
    service.awaitReady();
    return service;
  }

  /** Starts the render threads without waiting for them; jobs may be submitted at once. Follow with {@link #awaitReady}. */
  public static RenderService launch(Options options) {
    RenderService service = new RenderService(options);
    for (int i = 0; i < options.threads(); i++) {
      Importer importer = service.inProcess != null ? service.inProcess : ImporterProcess.withDefaults("importer-" + i);
      RenderThread t = new RenderThread(i, options.eglDevice(), importer, service.inProcess == null,
          imp -> service.scenes(imp),
          service.queue, () -> service.closed);
      service.threads.add(t);
      t.start();
    }
    return service;
  }

  /** The scenes of one render thread, created on it: what each kind of job is drawn with. */
  private Scene scenes(Importer importer) {
    return new Scenes(Map.of(
        SceneKind.MODEL, () -> new ModelOrbitScene(importer, encoders, frames, options.levelOfDetail()),
        SceneKind.TEXTURE_SET, () -> new TextureSetScene(encoders, frames),
        SceneKind.ENVIRONMENT_MAP, () -> new EnvironmentMapScene(encoders, frames)));
  }

  /**
   * Waits (up to a minute) until every GL context is up; closes the engine if one cannot start.
   * @throws RenderException with code NO_GL and a readable hint when EGL/OpenGL is unusable
   */
  public void awaitReady() {
    try {
      for (RenderThread t : threads) {
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
    if (closed) {
      return CompletableFuture.failedFuture(new RenderException(RenderException.INTERNAL, "the render engine is shutting down"));
    }
    Importer.Pending early = inProcess == null || job.kind() != SceneKind.MODEL ? null
        : inProcess.begin(ModelOrbitScene.importRequest(job, options.levelOfDetail()));
    QueuedJob q = new QueuedJob(job, early, () -> closed);
    if (job.jobId() != null) {
      byJob.put(job.jobId(), q);
      q.result.whenComplete((r, e) -> byJob.remove(job.jobId(), q));
    }
    queue.add(q);
    return q.result;
  }

  /** Cancels a queued or running job; a running one stops at the next frame (or its import is killed). */
  public boolean cancel(String jobId) {
    QueuedJob q = byJob.get(jobId);
    if (q == null) return false;
    q.cancelled.set(true);
    if (queue.remove(q)) q.result.completeExceptionally(new RenderException(RenderException.CANCELLED, "render was cancelled before it started"));
    return true;
  }

  public String glVendor() { return vendor; }
  public String glRenderer() { return renderer; }
  public int threads() { return threads.size(); }

  /** Every render thread alive and none stuck on one job past its deadline (or {@code stuckAfterMs}). */
  public boolean healthy() {
    if (closed) return false;
    long now = System.currentTimeMillis();
    for (RenderThread t : threads) {
      if (!t.isAlive()) return false;
      QueuedJob q = t.current();
      long since = t.busySince();
      if (q != null && since > 0) {
        long deadline = q.job().deadlineEpochMs();
        long limit = deadline > 0 ? deadline + 30_000 : since + options.stuckAfterMs();
        if (now > limit) return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    for (RenderThread t : threads) t.interrupt();
    for (RenderThread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    QueuedJob q;
    while ((q = queue.poll()) != null) {
      q.result.completeExceptionally(new RenderException(RenderException.INTERNAL, "the render engine shut down before the job ran"));
    }
    encoders.shutdownNow();
    if (inProcess != null) inProcess.close();
  }
}
