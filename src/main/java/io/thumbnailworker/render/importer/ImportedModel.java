package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;

import io.vertx.core.json.JsonObject;

/**
 * An imported model and what reading it cost: {@code importMs} is Assimp's own time inside the importer process, or
 * the whole import (pre-checks included) when it ran in this process. {@code sceneFacts} are the model's technical
 * metadata and scene graph from the same import ({@link io.thumbnailworker.render.assimp.SceneFacts}); null when they
 * could not be taken.
 */
public record ImportedModel(ModelData model, double importMs, JsonObject sceneFacts) {
  public ImportedModel(ModelData model, double importMs) {
    this(model, importMs, null);
  }
}
