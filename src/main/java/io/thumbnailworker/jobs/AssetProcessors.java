package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.ModelibrBackend;
import io.vertx.core.Future;

import java.util.Map;

/**
 * The processor of each asset type a backend hands out: {@code Model} is the {@link ModelPipeline}, {@code Sound} the
 * {@link SoundProcessor}, {@code TextureSet} the {@link TextureSetProcessor}, {@code EnvironmentMap} the
 * {@link EnvironmentMapProcessor}. A job of a type
 * with no processor here fails at once with a message saying so, and is reported like any failure, on its own
 * type's route, so the server re-queues it and, after its attempts, gives up on it; never dropped, never reported as
 * a model. A new processor is one more entry.
 */
final class AssetProcessors {
  private final Map<String, AssetProcessor> byType;

  AssetProcessors(Map<String, AssetProcessor> byType) {
    this.byType = Map.copyOf(byType);
  }

  static AssetProcessors of(ModelPipeline models, SoundProcessor sounds, TextureSetProcessor textureSets,
                            EnvironmentMapProcessor environmentMaps) {
    return new AssetProcessors(Map.of(DequeuedJob.MODEL, models::run, ModelibrBackend.SOUND, sounds::run,
        ModelibrBackend.TEXTURE_SET, textureSets::run, ModelibrBackend.ENVIRONMENT_MAP, environmentMaps::run));
  }

  AssetProcessor forType(String assetType) {
    AssetProcessor p = byType.get(assetType);
    return p != null ? p : run -> Future.failedFuture(new JobFailure(
        "this worker cannot process " + assetType + " jobs yet (no processor for that asset type)"));
  }
}
