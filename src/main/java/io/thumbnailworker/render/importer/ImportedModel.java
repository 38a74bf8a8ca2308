package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;

/**
 * An imported model and what reading it cost: {@code importMs} is Assimp's own time inside the importer process, or
 * the whole import (pre-checks included) when it ran in this process.
 */
public record ImportedModel(ModelData model, double importMs) {}
