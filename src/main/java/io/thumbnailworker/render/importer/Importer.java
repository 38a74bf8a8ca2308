package io.thumbnailworker.render.importer;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Reads a job's model file into {@link io.thumbnailworker.render.ModelData}: pre-checks, Assimp, level of detail.
 * Two implementations: {@link ImporterProcess} runs Assimp in a child JVM, so a crash, hang or memory blow-up costs
 * one import and can be stopped; {@link InProcessImporter} runs it on a thread of this JVM, which starts faster but
 * gives that protection up.
 */
public interface Importer extends AutoCloseable {
  /** An import begun by {@link #begin}. */
  @FunctionalInterface
  interface Pending {
    /**
     * Waits for the imported model. {@code stop} is polled meanwhile where the importer can end an import (the child
     * process is killed); when it turns true the import fails as cancelled.
     * @throws io.thumbnailworker.render.RenderException with a readable reason when the model cannot be used
     */
    ImportedModel await(BooleanSupplier stop) throws IOException;
  }

  /** Begins an import: at once on the importer's own thread, or when it is awaited, as the importer works. */
  Pending begin(ImportRequest request);

  /** Starts what is slow to start (a child process) now rather than on the first import. */
  default void warmUp() {}

  @Override
  void close();
}
