package io.thumbnailworker.render.importer;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.AssimpLoader;
import io.thumbnailworker.render.assimp.ImportOptions;
import io.thumbnailworker.render.material.MaterialOverrides;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One model to import.
 *
 * @param fileType the type the file was uploaded as (e.g. {@code glb}), used when its name has no or another
 *                 extension; may be null
 * @param maxTriangles a model with more triangles is refused
 * @param drawBudget meshes above this many triangles are simplified (see {@link #drawBudget(int, int)});
 *                   {@link Long#MAX_VALUE} keeps every triangle
 * @param timeoutMs the longest an import may take where the importer can stop it (the child process)
 * @param deadlineEpochMs the job's deadline, which shortens the timeout when it comes first; 0 for none
 * @param materials texture sets to put in place of the model's materials, applied in order after it is read
 * @param options the up axis and crease angle the geometry is read with
 */
public record ImportRequest(Path model, String fileType, long maxTriangles, long drawBudget, long timeoutMs,
                            long deadlineEpochMs, List<MaterialOverride> materials, ImportOptions options) {
  public ImportRequest {
    materials = materials == null ? List.of() : List.copyOf(materials);
    options = options == null ? ImportOptions.DEFAULT : options;
  }

  /** A request with the default up axis and crease angle. */
  public ImportRequest(Path model, String fileType, long maxTriangles, long drawBudget, long timeoutMs, long deadlineEpochMs,
                       List<MaterialOverride> materials) {
    this(model, fileType, maxTriangles, drawBudget, timeoutMs, deadlineEpochMs, materials, ImportOptions.DEFAULT);
  }

  /** A request that keeps the model's own materials. */
  public ImportRequest(Path model, String fileType, long maxTriangles, long drawBudget, long timeoutMs, long deadlineEpochMs) {
    this(model, fileType, maxTriangles, drawBudget, timeoutMs, deadlineEpochMs, List.of());
  }

  /** The same request, taking the file's scene facts too (for extraction and for backends that record them). */
  public ImportRequest withSceneFacts() {
    return new ImportRequest(model, fileType, maxTriangles, drawBudget, timeoutMs, deadlineEpochMs, materials,
        options.withSceneFacts());
  }

  /**
   * Reads a model: Assimp, level of detail, then the texture-set materials. What every importer runs, in the importer
   * process or in this one.
   * @param virtualName the name Assimp sees for the model (from the pre-checks)
   */
  static ModelData read(Path model, String virtualName, long maxTriangles, long drawBudget,
                        List<MaterialOverride> materials, ImportOptions options) throws IOException {
    ModelData data = AssimpLoader.load(model, virtualName, maxTriangles, drawBudget, options);
    // the browser's glTF loader places images top row first, every other loader bottom row first
    return MaterialOverrides.apply(data, materials, !AssimpLoader.isGltf(virtualName));
  }

  /**
   * The overrides with absolute image paths, for a process that runs in another directory.
   */
  List<MaterialOverride> absoluteMaterials() {
    return materials.stream().map(o -> new MaterialOverride(o.materialName(), o.uvScale(), o.maps().stream()
        .map(m -> new TextureMap(m.type(), m.file().toAbsolutePath(), m.channel())).toList())).toList();
  }
  /**
   * Triangles worth drawing in a frame of this size: one per 4 pixels, at least 16,384. Sub-pixel triangles cost
   * llvmpipe far more than they add to a thumbnail (multisampling even more), so denser meshes are simplified.
   */
  public static long drawBudget(int width, int height) {
    return Math.max(16_384L, (long) width * height / 4);
  }

  /** The time this import may still take: the timeout, or what is left until the deadline when that is sooner. */
  long remainingMs(long nowEpochMs) {
    return deadlineEpochMs > 0 ? Math.min(timeoutMs, Math.max(1, deadlineEpochMs - nowEpochMs)) : timeoutMs;
  }
}
