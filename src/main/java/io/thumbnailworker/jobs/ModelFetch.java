package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.nio.file.Path;

/**
 * A model's download for work outside a thumbnail job (the extraction queue): the same streaming, size cap and
 * companion placement as a model job's ({@link ModelFiles}), for a job the caller describes.
 */
public final class ModelFetch {
  private ModelFetch() {}

  /**
   * Downloads {@code job}'s model, and its companions beside it, into {@code dir}; answers the model's local file (for
   * a zip, its main model, unpacked under the same limits as a thumbnail job's).
   */
  public static Future<Path> download(Vertx vertx, ApiClient client, DequeuedJob job, Path dir, long maxBytes, Logger log) {
    ModelFiles files = new ModelFiles(vertx, client);
    JobControl control = new JobControl();
    JobLog jobLog = new JobLog(log, job.id(), job.modelId());
    return files.model(job, dir, maxBytes, control)
        .compose(file -> files.companions(job, file.file(), maxBytes - file.bytes(), control, jobLog).map(n -> file.file()))
        .compose(file -> {
          if (!SafeFileNames.extension(file.getFileName().toString()).equals("zip")) return Future.succeededFuture(file);
          SafeUnzip unzip = new SafeUnzip(2_000, Math.min(4 * maxBytes, 4L << 30));
          return vertx.executeBlocking(() -> unzip.extractMainModel(file, dir.resolve("unzipped")), false);
        });
  }
}
