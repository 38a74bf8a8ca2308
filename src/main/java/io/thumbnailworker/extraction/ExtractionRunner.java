package io.thumbnailworker.extraction;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelibrSideCalls;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.jobs.ApiClient;
import io.thumbnailworker.jobs.ModelFetch;
import io.thumbnailworker.render.importer.ImportRequest;
import io.thumbnailworker.render.importer.ImportedModel;
import io.thumbnailworker.render.importer.ImporterProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Works Modelibr's extraction queue: claims {@code Geometry} jobs one at a time; for a Model downloads the version's
 * file (with its companions), imports it with Assimp in an importer process of its own (no render), PUTs the scene
 * graph (the technical metadata when there is no graph) and finishes the job. Other asset types and {@code .blend}
 * files finish successfully with Modelibr's warning. Every claimed job is finished, successfully or not, so none is
 * left claimed; only a finish the API itself refuses waits for the lock to expire.
 */
final class ExtractionRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExtractionRunner.class);

  private final Vertx vertx;
  private final Supplier<WorkerConfig> config;
  private final ImporterProcess importer = ImporterProcess.withDefaults("extraction");
  /** Set on close: an import in progress is stopped rather than waited for. */
  private volatile boolean closing;

  /** What an import gave: the file's SHA-256 and the scene facts. */
  private record Imported(String sha256, JsonObject facts) {}

  ExtractionRunner(Vertx vertx, Supplier<WorkerConfig> config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Claims and works up to {@code max} jobs, one after the other; answers how many were claimed. */
  Future<Integer> drain(ApiClient client, Backend backend, int max) {
    return next(client, backend, max, 0);
  }

  private Future<Integer> next(ApiClient client, Backend backend, int max, int done) {
    if (done >= max) return Future.succeededFuture(done);
    String worker = config.get().workerId();
    return client.report(ExtractionJob.dequeue(worker), worker).compose(body -> {
      ExtractionJob job = ExtractionJob.read(body);
      if (job == null) return Future.succeededFuture(done);
      return work(client, backend, job).compose(finish -> client.report(finish, worker)
              .onSuccess(ok -> LOG.info("Finished {}: {}", job, finish.body().getBoolean("success") ? "done"
                  : finish.body().getString("errorMessage")))
              .otherwise(err -> {
                LOG.warn("Finishing {} failed: {}; it is retried when its lock expires", job, Errors.oneLine(err));
                return null;
              }))
          .compose(v -> next(client, backend, max, done + 1));
    });
  }

  /** The finish call for {@code job}: never a failed future. */
  private Future<ApiCall> work(ApiClient client, Backend backend, ExtractionJob job) {
    String worker = config.get().workerId();
    if (!DequeuedJob.MODEL.equals(job.assetType())) {
      return Future.succeededFuture(job.succeeded(worker, "No extraction runner for asset type " + job.assetType() + "; skipped."));
    }
    if (job.versionId() == null) return Future.succeededFuture(job.failed(worker, "the job names no model version"));
    Path dir = config.get().storagePath().resolve("extraction")
        .resolve("job-" + job.id() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    return model(client, backend, job, dir)
        .recover(err -> Future.succeededFuture(job.failed(worker, Errors.oneLine(err))))
        .eventually(() -> vertx.executeBlocking(() -> {
          FileOps.deleteRecursively(dir);
          return null;
        }, false));
  }

  private Future<ApiCall> model(ApiClient client, Backend backend, ExtractionJob job, Path dir) {
    String worker = config.get().workerId();
    DequeuedJob asJob = new DequeuedJob(job.id(), DequeuedJob.MODEL, job.assetId(), job.fileSha256(), job.attemptCount(),
        new JsonObject().put("modelVersionId", job.versionId()), backend);
    long maxBytes = config.get().longValue(ConfigKey.MAX_MODEL_BYTES);
    return vertx.executeBlocking(() -> Files.createDirectories(dir), false)
        .compose(d -> ModelFetch.download(vertx, client, asJob, d, maxBytes, LOG))
        .compose(file -> {
          if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".blend")) {
            return Future.succeededFuture(job.succeeded(worker, "Re-extraction of .blend via the extraction queue is not supported yet."));
          }
          return vertx.executeBlocking(() -> imported(file, job), true)
              .compose(facts -> save(client, job, facts))
              .map(saved -> job.succeeded(worker, null));
        });
  }

  /** The file's hash (the job's, else computed) and the import's scene facts, on a worker thread. */
  private Imported imported(Path file, ExtractionJob job) throws Exception {
    String sha = job.fileSha256() != null && job.fileSha256().trim().length() == 64 ? job.fileSha256().trim() : sha256(file);
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    WorkerConfig cfg = config.get();
    ImportRequest request = new ImportRequest(file, dot < 0 ? null : name.substring(dot + 1), cfg.integer(ConfigKey.MAX_POLYGON_COUNT),
        Long.MAX_VALUE, cfg.integer(ConfigKey.IMPORT_TIMEOUT_MS), 0).withSceneFacts();
    ImportedModel model = importer.importModel(request, () -> closing);
    if (model.sceneFacts() == null) throw new IllegalStateException("the import gave no scene facts");
    return new Imported(sha, model.sceneFacts());
  }

  /** PUTs the scene graph, or the technical metadata when there is none; a refusal fails the job. */
  private static Future<Void> save(ApiClient client, ExtractionJob job, Imported imported) {
    JsonObject facts = imported.facts();
    Optional<ApiCall> call = ModelibrSideCalls.sceneGraph(job.versionId(), imported.sha256(), facts)
        .or(() -> ModelibrSideCalls.technicalMetadata(job.versionId(), facts));
    if (call.isEmpty()) return Future.failedFuture(new IllegalStateException("the import found nothing to save"));
    return client.report(call.get(), null)
        .recover(err -> Future.failedFuture(new IllegalStateException("could not save the scene data: " + Errors.oneLine(err))))
        .mapEmpty();
  }

  private static String sha256(Path file) throws Exception {
    var digest = java.security.MessageDigest.getInstance("SHA-256");
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() {
    closing = true;
    importer.close();
  }
}
