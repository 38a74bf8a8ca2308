package io.thumbnailworker.render;

import io.thumbnailworker.render.gl.EglContext;
import io.thumbnailworker.render.importer.Importer;
import io.thumbnailworker.render.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A thread that owns one EGL context and the scene drawn with it for its whole life, and imports through its
 * importer: a child process of its own (which it closes at the end), or the engine's in-process importer. It takes
 * jobs from the engine's queue until the engine closes.
 */
final class RenderThread extends Thread {
  private static final Logger LOG = LoggerFactory.getLogger(RenderThread.class);

  /** GL vendor and renderer once the context is up, or why it could not start. */
  final CompletableFuture<String[]> ready = new CompletableFuture<>();
  private final String eglDevice;
  private final Importer importer;
  private final boolean ownsImporter;
  private final Function<Importer, Scene> sceneFactory;
  private final BlockingQueue<QueuedJob> queue;
  private final BooleanSupplier engineClosing;
  private volatile QueuedJob current;
  private volatile long busySince;

  /** @param sceneFactory creates the thread's scene on the thread itself, once its GL context is current */
  RenderThread(int index, String eglDevice, Importer importer, boolean ownsImporter, Function<Importer, Scene> sceneFactory,
               BlockingQueue<QueuedJob> queue, BooleanSupplier engineClosing) {
    super("gl-render-" + index);
    setDaemon(true);
    this.eglDevice = eglDevice;
    this.importer = importer;
    this.ownsImporter = ownsImporter;
    this.sceneFactory = sceneFactory;
    this.queue = queue;
    this.engineClosing = engineClosing;
  }

  /** The job this thread is on, or null. */
  QueuedJob current() { return current; }

  /** When it started on that job (epoch ms), or 0. */
  long busySince() { return busySince; }

  @Override
  public void run() {
    EglContext ctx;
    Scene scene;
    try {
      ctx = EglContext.create(eglDevice);
    } catch (Throwable e) {
      failToStart(e);
      return;
    }
    try {
      scene = sceneFactory.apply(importer);
    } catch (Throwable e) {
      ctx.close();
      failToStart(e);
      return;
    }
    ready.complete(new String[] {ctx.vendor(), ctx.renderer()});
    warmUp(scene);
    try {
      serve(scene);
    } finally {
      scene.close();
      ctx.close();
      if (ownsImporter) importer.close();
    }
  }

  private void failToStart(Throwable why) {
    ready.completeExceptionally(why);
    if (ownsImporter) importer.close();
  }

  private void warmUp(Scene scene) {
    try {
      scene.warmUp();
    } catch (RuntimeException e) {
      LOG.warn("Render warm-up failed (the first job will show why if it matters): {}", e.toString());
    }
    try {
      importer.warmUp();
    } catch (RenderException e) {
      LOG.warn("Importer process did not start yet: {}", e.getMessage());
    }
  }

  private void serve(Scene scene) {
    while (!engineClosing.getAsBoolean()) {
      QueuedJob q;
      try {
        q = queue.poll(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (q != null) runJob(scene, q);
    }
  }

  private void runJob(Scene scene, QueuedJob q) {
    current = q;
    busySince = System.currentTimeMillis();
    try {
      q.result.complete(scene.render(q));
    } catch (RenderException e) {
      LOG.info("Job {} failed: {}", q.job().jobId(), e.getMessage());
      q.result.completeExceptionally(e);
    } catch (Throwable e) {
      LOG.warn("Job {} failed unexpectedly", q.job().jobId(), e);
      q.result.completeExceptionally(new RenderException(RenderException.INTERNAL, "render failed: " + e));
    } finally {
      current = null;
      busySince = 0;
    }
  }
}
