package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelAssets;
import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.config.ConfigKey;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The texture sets a model job's materials get ({@link Backend#textureChoices}): each set read once, each image
 * downloaded once into the job's {@code textures/} folder, and one {@link MaterialOverride} per choice, in the
 * choices' order. Never fails the job: a set that cannot be read or downloaded is left out with a warning, and the
 * model keeps its own materials there. Runs on the job's context.
 */
final class JobTextures {
  /** One job's sets and files, each fetched once. */
  private record Fetch(JobRun run, ModelFiles files, Map<Long, Future<Path>> images) {}

  /** A set ready to apply: its tiling and its images on disk. */
  private record Ready(double uvScale, List<TextureMap> maps) {}

  /** The overrides for {@code run}'s materials; never fails (an empty list: the model's own materials). */
  Future<List<MaterialOverride>> overrides(JobRun run, ModelFiles files) {
    DequeuedJob job = run.job();
    List<ModelAssets.TextureChoice> choices;
    try {
      choices = job.backend().textureChoices(job);
    } catch (RuntimeException e) {       // malformed mappings in the job: render with the model's own materials
      run.log.warn("Texture mappings not read: {}", Errors.oneLine(e));
      return Future.succeededFuture(List.of());
    }
    if (choices.isEmpty()) return Future.succeededFuture(List.of());
    run.stage = "textures";
    boolean fallback = choices.get(0).fallback();
    if (fallback) run.event("TextureFetchStarted", "Fetching the default texture set " + choices.get(0).textureSetId());
    Fetch fetch = new Fetch(run, files, new HashMap<>());
    Map<Long, Future<Optional<Ready>>> sets = new LinkedHashMap<>();
    for (ModelAssets.TextureChoice c : choices) sets.computeIfAbsent(c.textureSetId(), id -> set(fetch, id));
    return Future.join(new ArrayList<>(sets.values())).transform(done -> {
      List<MaterialOverride> overrides = new ArrayList<>();
      for (ModelAssets.TextureChoice c : choices) {
        sets.get(c.textureSetId()).result()
            .ifPresent(set -> overrides.add(new MaterialOverride(c.materialName(), set.uvScale(), set.maps())));
      }
      run.log.info("Texture sets {}: {} of {} material override(s) ready", sets.keySet(), overrides.size(), choices.size());
      if (fallback && !overrides.isEmpty()) run.event("TexturesApplied", "Default texture set applied to every mesh");
      return Future.succeededFuture(overrides);
    }).otherwise(err -> {
      run.log.warn("Texture sets left out: {}", Errors.oneLine(err));
      return List.of();
    });
  }

  /** Texture set {@code id} ready to apply; empty (with a warning) when it has no images or a download failed. */
  private Future<Optional<Ready>> set(Fetch fetch, long id) {
    JobRun run = fetch.run();
    Backend backend = run.job().backend();
    return run.client().getJson(backend.textureSetPath(id))
        .map(backend::readTextureSet)
        .compose(set -> {
          if (set.textures().isEmpty()) {
            run.log.info("Texture set {} has no textures the renderer uses; left out", id);
            return Future.succeededFuture(Optional.<Ready>empty());
          }
          List<Future<TextureMap>> maps = set.textures().stream()
              .map(t -> image(fetch, t).map(file -> new TextureMap(t.type(), file, t.channel()))).toList();
          return Future.all(maps).map(all -> Optional.of(new Ready(set.uvScale(), maps.stream().map(Future::result).toList())));
        })
        .otherwise(err -> {
          run.log.warn("Texture set {} left out: {}", id, Errors.oneLine(err));
          return Optional.empty();
        });
  }

  /** Stored file of {@code texture}, downloaded once per job even when several sets or types share it. */
  private static Future<Path> image(Fetch fetch, ModelAssets.Texture texture) {
    JobRun run = fetch.run();
    return fetch.images().computeIfAbsent(texture.fileId(), fileId -> {
      String name = fileId + "-" + SafeFileNames.sanitize(texture.fileName(), "texture");
      Path target = run.dir.resolve("textures").resolve(name).toAbsolutePath();
      return fetch.files().storedFile(run.job(), fileId, target, run.cfg.longValue(ConfigKey.MAX_MODEL_BYTES), run.control)
          .map(bytes -> target);
    });
  }
}
