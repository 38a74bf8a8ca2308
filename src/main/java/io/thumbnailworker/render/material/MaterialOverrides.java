package io.thumbnailworker.render.material;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts texture-set materials in place of a model's own: every mesh whose material is named exactly
 * {@link MaterialOverride#materialName()} (an empty name: every mesh) gets the material built from the override's
 * maps ({@link TextureSetMaterial}), under its own material's name and keeping its sidedness (a format's windings
 * are culled by only where the file says they can be). Overrides apply in order, so a later one wins over an earlier
 * one for the meshes both name. Runs in the importer process, after the model is read.
 */
public final class MaterialOverrides {
  private MaterialOverrides() {}

  /**
   * The model with the overrides applied; the model itself when there are none.
   * @param flipY see {@link TextureSetMaterial#build}: true except for glTF
   */
  public static ModelData apply(ModelData model, List<MaterialOverride> overrides, boolean flipY) {
    if (overrides.isEmpty()) return model;
    List<String> warnings = new ArrayList<>(model.warnings());
    TextureSetImages images = new TextureSetImages(model.textures(), warnings);
    List<ModelData.Material> materials = new ArrayList<>(model.materials());
    int[] assigned = model.meshes().stream().mapToInt(ModelData.Mesh::material).toArray();
    for (MaterialOverride o : overrides) {
      ModelData.Material built = null;
      Map<Integer, Integer> replacement = new HashMap<>();   // a model material's index to its replacement's
      for (int i = 0; i < assigned.length; i++) {
        ModelData.Material own = model.materials().get(model.meshes().get(i).material());
        if (!o.materialName().isEmpty() && !o.materialName().equals(own.name())) continue;
        if (built == null) built = TextureSetMaterial.build(o.maps(), o.uvScale(), flipY, images);
        ModelData.Material material = built;
        assigned[i] = replacement.computeIfAbsent(model.meshes().get(i).material(), k -> {
          materials.add(material.as(own.name(), own.doubleSided()));
          return materials.size() - 1;
        });
      }
      if (built == null) {
        warnings.add("no material is named '" + RenderException.sanitize(o.materialName()) + "'; its texture set is not applied");
      }
    }
    return new ModelData(meshes(model, assigned, warnings), materials, images.textures(), warnings, model.sourceTriangles());
  }

  private static List<ModelData.Mesh> meshes(ModelData model, int[] assigned, List<String> warnings) {
    List<ModelData.Mesh> meshes = new ArrayList<>(assigned.length);
    boolean uvless = false;
    for (int i = 0; i < assigned.length; i++) {
      ModelData.Mesh m = model.meshes().get(i);
      if (assigned[i] != m.material() && m.uvs() == null) uvless = true;
      meshes.add(new ModelData.Mesh(m.positions(), m.normals(), m.uvs(), m.colors(), m.indices(), assigned[i]));
    }
    if (uvless) warnings.add("a mesh with a texture set has no texture coordinates: it is drawn without the set's maps");
    return meshes;
  }
}
