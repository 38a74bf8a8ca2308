package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelAssets;
import io.thumbnailworker.fs.FileOps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A job's files, each streamed to disk by the {@link ApiClient} (status checked first, size capped, cancellable) as
 * {@code <name>.part}, then moved into place: the model under its sanitised name, the model's companions at their
 * relative paths beside it, and stored files (texture images) where the caller says.
 */
final class ModelFiles {
  /** A downloaded model: the local file and the sanitised name it was saved under. */
  record Downloaded(Path file, String name, long bytes) {}

  private final Vertx vertx;
  private final ApiClient client;

  ModelFiles(Vertx vertx, ApiClient client) {
    this.vertx = vertx;
    this.client = client;
  }

  /**
   * Downloads the job's model into {@code dir} under its sanitised name (Content-Disposition, else the backend's
   * metadata call, else "model-{id}"), at most {@code maxBytes}.
   */
  Future<Downloaded> model(DequeuedJob job, Path dir, long maxBytes, JobControl control) {
    Optional<String> route = job.backend().modelFilePath(job);
    if (route.isEmpty()) {
      return Future.failedFuture(new JobFailure("a " + job.assetType() + " job has no model file to download"));
    }
    Path part = dir.resolve("download.part");
    return client.fetch(route.get(), part, maxBytes, control).compose(fetched -> fileName(job, fetched.name()).compose(name -> {
      Path target = dir.resolve(name);
      return vertx.executeBlocking(() -> {           // plain NIO: see BodyToFile
        FileOps.moveIntoPlace(part, target);
        return new Downloaded(target, name, fetched.bytes());
      }, false);
    }));
  }

  private Future<String> fileName(DequeuedJob job, String fromHeader) {
    String fallback = "model-" + job.modelId();
    Optional<String> metadata = job.backend().modelMetadataPath(job);
    if (fromHeader != null && !SafeFileNames.extension(fromHeader).isEmpty() || metadata.isEmpty()) {
      return Future.succeededFuture(SafeFileNames.sanitize(fromHeader, fallback));
    }
    return client.getJson(metadata.get())
        .map(body -> SafeFileNames.sanitize(body.getString("name"), fallback))
        .otherwise(err -> SafeFileNames.sanitize(fromHeader, fallback));
  }

  /**
   * For a model whose backend lists companions: downloads each beside {@code model} at its relative path, one after
   * the other, all together at most {@code maxBytes}. Answers how many there were. A path that would leave the model's
   * folder, or replace the model, fails the job before anything is written. Any format may have companions (an OBJ's
   * MTL and textures, a COLLADA file's images), not only a {@code .gltf}; but only a glTF cannot load without its list,
   * so for other formats a list that cannot be read means none ({@code log} says why).
   */
  Future<Integer> companions(DequeuedJob job, Path model, long maxBytes, JobControl control, JobLog log) {
    Optional<String> route = job.backend().companionsPath(job);
    if (route.isEmpty()) return Future.succeededFuture(0);
    Future<JsonObject> listed = client.getJson(route.get());
    if (!SafeFileNames.extension(model.getFileName().toString()).equals("gltf")) {
      listed = listed.recover(err -> {
        log.warn("Companion files not listed ({}); rendering {} without them", Errors.oneLine(err), model.getFileName());
        return Future.succeededFuture(new JsonObject());
      });
    }
    return listed.compose(body -> {
      List<ModelAssets.Companion> list;
      try {
        list = job.backend().readCompanions(body);
        list.forEach(c -> placed(model, c));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new JobFailure("download: " + e.getMessage()));
      }
      return companions(job, model, list, 0, maxBytes, control).map(list.size());
    });
  }

  private Future<Void> companions(DequeuedJob job, Path model, List<ModelAssets.Companion> list, int i, long budget,
                                  JobControl control) {
    if (i == list.size()) return Future.succeededFuture();
    ModelAssets.Companion c = list.get(i);
    return storedFile(job, c.fileId(), placed(model, c), budget, control)
        .compose(bytes -> companions(job, model, list, i + 1, budget - bytes, control));
  }

  /** Where companion {@code c} goes: inside the model's folder, never the model itself. */
  private static Path placed(Path model, ModelAssets.Companion c) {
    Path folder = model.toAbsolutePath().getParent();
    Path target = folder.resolve(c.relativePath()).normalize();
    if (!target.startsWith(folder) || target.equals(model.toAbsolutePath())) {
      throw new IllegalArgumentException("companion path '" + c.relativePath() + "' would leave the model's folder or replace the model");
    }
    return target;
  }

  /** Downloads stored file {@code fileId} to {@code target} (folders created), at most {@code maxBytes}; answers its size. */
  Future<Long> storedFile(DequeuedJob job, long fileId, Path target, long maxBytes, JobControl control) {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    return vertx.executeBlocking(() -> Files.createDirectories(target.getParent()), false)
        .compose(v -> client.fetch(job.backend().storedFilePath(fileId), part, Math.max(0, maxBytes), control))
        .compose(fetched -> vertx.executeBlocking(() -> {
          FileOps.moveIntoPlace(part, target);
          return fetched.bytes();
        }, false));
  }
}
