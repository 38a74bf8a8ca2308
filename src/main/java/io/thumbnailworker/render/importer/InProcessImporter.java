package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.assimp.SceneFacts;
import io.thumbnailworker.render.precheck.PreChecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Imports in this JVM, one model at a time on a thread of its own, each as soon as it is begun, so an import overlaps
 * whatever the render thread does meanwhile (the previous job, or the GL start-up). Saves the child process's
 * start-up where that is most of the run (a one-shot command on one file), at a price: a native crash ends this JVM,
 * and an import can be neither cancelled nor timed out, so {@code stop} is not polled.
 */
public final class InProcessImporter implements Importer {
  /** Deeply nested scenes recurse deeply in Assimp: a 1 GiB stack, reserved and touched only as deep as it goes. */
  private static final long STACK_BYTES = 1L << 30;

  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(null, r, "assimp-import", STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  @Override
  public Pending begin(ImportRequest request) {
    CompletableFuture<ImportedModel> imported = CompletableFuture.supplyAsync(() -> load(request), thread);
    return stop -> await(imported);
  }

  private static ImportedModel load(ImportRequest request) {
    try {
      long t0 = System.nanoTime();
      String virtualName = PreChecks.check(request.model(), request.fileType());
      ModelData model = ImportRequest.read(request.model(), virtualName, request.maxTriangles(), request.drawBudget(),
          request.materials(), request.options());
      return new ImportedModel(model, (System.nanoTime() - t0) / 1e6, SceneFacts.take());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ImportedModel await(CompletableFuture<ImportedModel> imported) throws IOException {
    try {
      return imported.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderException(RenderException.CANCELLED, "interrupted while importing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RenderException re) throw re;
      if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
      throw new RenderException(RenderException.BAD_MODEL, "Assimp could not read the file: " + RenderException.sanitize(String.valueOf(e.getCause())));
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
