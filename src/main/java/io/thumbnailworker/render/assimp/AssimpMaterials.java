package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.material.Channels;
import org.lwjgl.assimp.AIColor4D;
import org.lwjgl.assimp.AIMaterial;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.assimp.AIString;
import org.lwjgl.system.MemoryStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.lwjgl.assimp.Assimp.*;

/**
 * An imported scene's materials as {@link ModelData.Material}. What is read from which Assimp key and slot is listed
 * in docs/render.md ("Materials"): glTF's metallic-roughness factors and every texture it has (base colour, normal,
 * metallic-roughness and occlusion packed into one surface map, emissive with its strength), its alpha mode and
 * cutoff, specular-glossiness and clearcoat approximated by the metallic-roughness model; other formats' diffuse
 * colour and texture, normal map and opacity (factor or map). Each material remembers the texture coordinate set its
 * textures are mapped with.
 */
final class AssimpMaterials {
  private final boolean pbr;
  private final List<String> warnings;
  private final MaterialTextures images;
  private final List<Integer> uvChannels = new ArrayList<>();

  AssimpMaterials(AIScene scene, ModelPaths paths, boolean pbr, List<String> warnings) {
    this.pbr = pbr;
    this.warnings = warnings;
    this.images = new MaterialTextures(scene, paths, warnings);
  }

  /** The decoded textures the materials read so far refer to, by index. */
  List<ModelData.Texture> textures() {
    return images.textures();
  }

  /** The texture coordinate set material {@code i} (in reading order) is mapped with. */
  int uvChannel(int i) {
    return i >= 0 && i < uvChannels.size() ? uvChannels.get(i) : 0;
  }

  /** Warns once per material when a textured material lands on a mesh without texture coordinates. */
  void checkUvs(ModelData.Mesh mesh, ModelData.Material material, List<Boolean> warned) {
    ModelData.Maps m = material.maps();
    boolean textured = m.baseColor() >= 0 || m.normal() >= 0 || m.surface() >= 0 || m.emissive() >= 0;
    if (!textured || mesh.uvs() != null || warned.get(mesh.material())) return;
    warned.set(mesh.material(), true);
    warnings.add("material '" + material.name() + "' has textures but its mesh has no texture coordinates (set "
        + uvChannel(mesh.material()) + "); drawn in its colour");
  }

  /** The material as {@link ModelData.Material}; its textures are decoded into {@link #textures()} once each. */
  ModelData.Material read(AIMaterial mat) {
    boolean specGloss = pbr && Keys.has(mat, AI_MATKEY_GLOSSINESS_FACTOR);
    float[] base = baseColour(mat, specGloss);
    float metallic = 0f, roughness = 0.6f;
    if (specGloss) {
      roughness = 1f - Keys.floatKey(mat, AI_MATKEY_GLOSSINESS_FACTOR, 1f);
    } else if (pbr) {
      metallic = Keys.floatKey(mat, AI_MATKEY_METALLIC_FACTOR, 1f);
      roughness = Keys.floatKey(mat, AI_MATKEY_ROUGHNESS_FACTOR, 1f);
    }
    float coat = pbr ? Keys.floatKey(mat, AI_MATKEY_CLEARCOAT_FACTOR, 0f) : 0f;
    if (coat > 0 && Float.isFinite(coat)) {
      // a clear coat's sharp highlight over the base: the coat's roughness blended in by its strength
      float coatRough = Keys.floatKey(mat, AI_MATKEY_CLEARCOAT_ROUGHNESS_FACTOR, 0f);
      roughness += (Math.min(roughness, coatRough) - roughness) * clamp01(coat);
    }
    MaterialTextures.Slot baseTex = images.slot(mat, aiTextureType_BASE_COLOR);
    if (baseTex == null) baseTex = images.slot(mat, aiTextureType_DIFFUSE);
    MaterialTextures.Slot normal = images.slot(mat, aiTextureType_NORMALS);
    MaterialTextures.Slot emissiveTex = pbr ? images.slot(mat, aiTextureType_EMISSIVE) : null;
    float[] emissive = pbr ? emissive(mat) : new float[] {0, 0, 0};
    Alpha alpha = alpha(mat, base, baseTex);
    ModelData.Texture surface = surface(mat, alpha.opacityMap);
    uvChannels.add(firstUv(baseTex, normal, emissiveTex, alpha.opacityMap));
    boolean doubleSided = !pbr || Keys.intKey(mat, AI_MATKEY_TWOSIDED, 0) != 0;
    ModelData.Maps maps = new ModelData.Maps(images.add(image(baseTex)), images.add(image(normal)), images.add(surface),
        images.add(image(emissiveTex)), new float[] {1, 1, 0, 0});
    return new ModelData.Material(Keys.name(mat), base, clamp01(metallic), Math.max(0.04f, clamp01(roughness)),
        emissive, maps, pbr, doubleSided, alpha.blend, alpha.cutoff);
  }

  private float[] baseColour(AIMaterial mat, boolean specGloss) {
    float[] base = {0.8f, 0.8f, 0.8f, 1f};
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIColor4D c = AIColor4D.malloc(s);
      // a specular-glossiness material's colour is its diffuse one; Assimp still fills in a white base colour
      String first = specGloss ? AI_MATKEY_COLOR_DIFFUSE : AI_MATKEY_BASE_COLOR;
      String second = specGloss ? AI_MATKEY_BASE_COLOR : AI_MATKEY_COLOR_DIFFUSE;
      if (aiGetMaterialColor(mat, first, aiTextureType_NONE, 0, c) == aiReturn_SUCCESS
          || aiGetMaterialColor(mat, second, aiTextureType_NONE, 0, c) == aiReturn_SUCCESS) {
        base = new float[] {c.r(), c.g(), c.b(), c.a()};
      }
    }
    for (int i = 0; i < 4; i++) if (!Float.isFinite(base[i])) base[i] = 0.8f;
    return base;
  }

  /** glTF's emissive factor times KHR_materials_emissive_strength (which Assimp reads as the emissive intensity). */
  private static float[] emissive(AIMaterial mat) {
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIColor4D c = AIColor4D.malloc(s);
      if (aiGetMaterialColor(mat, AI_MATKEY_COLOR_EMISSIVE, aiTextureType_NONE, 0, c) != aiReturn_SUCCESS) return new float[] {0, 0, 0};
      float k = Keys.floatKey(mat, AI_MATKEY_EMISSIVE_INTENSITY, 1f);
      k = Float.isFinite(k) && k > 0 ? Math.min(k, 100f) : (k == 0 ? 0 : 1);
      float[] e = {c.r() * k, c.g() * k, c.b() * k};
      for (int i = 0; i < 3; i++) if (!Float.isFinite(e[i]) || e[i] < 0) e[i] = 0;
      return e;
    }
  }

  private record Alpha(boolean blend, float cutoff, MaterialTextures.Slot opacityMap) {}

  /**
   * glTF: its alpha mode (OPAQUE, MASK with its cutoff, BLEND). Other formats: opacity below 1 or an opacity map
   * blends; a diffuse texture whose alpha cuts out part of it (leaves, fences) is masked at one half. An opacity of
   * (nearly) 0 without a map is taken for an export mistake, since it would hide the mesh entirely.
   */
  private Alpha alpha(AIMaterial mat, float[] base, MaterialTextures.Slot baseTex) {
    if (pbr) {
      String mode = Keys.string(mat, AI_MATKEY_GLTF_ALPHAMODE).toUpperCase(Locale.ROOT);
      if (mode.equals("BLEND")) return new Alpha(true, 0, null);
      if (mode.equals("MASK")) return new Alpha(false, clamp01(Keys.floatKey(mat, AI_MATKEY_GLTF_ALPHACUTOFF, 0.5f)), null);
      return new Alpha(false, 0, null);
    }
    MaterialTextures.Slot map = images.slot(mat, aiTextureType_OPACITY);
    if (map != null && baseTex != null && map.image() == baseTex.image()) map = null;   // map_d naming the colour image
    float opacity = clamp01(Keys.floatKey(mat, AI_MATKEY_OPACITY, 1f));
    if (opacity < 0.02f && map == null) {
      warnings.add("material '" + Keys.name(mat) + "' has opacity " + opacity + "; drawn opaque");
      opacity = 1f;
    }
    base[3] = opacity;
    if (opacity < 0.995f || map != null) return new Alpha(true, 0, map);
    return new Alpha(false, baseTex != null && cutsOut(baseTex.image()) ? 0.5f : 0, null);
  }

  /** Whether part of the image is transparent and part opaque (an alpha channel of all 0 is taken for unused). */
  private static boolean cutsOut(ModelData.Texture t) {
    byte[] px = t.abgr();
    int clear = 0, n = px.length / 4;
    for (int i = 0; i < px.length; i += 4) if ((px[i] & 255) < 128) clear++;
    return clear > n / 100 && clear < n * 9 / 10;
  }

  /**
   * The packed surface map (R occlusion, G roughness, B metalness, A opacity) from glTF's occlusion and
   * metallic-roughness images, or another format's opacity map; null when there is none of them.
   */
  private ModelData.Texture surface(AIMaterial mat, MaterialTextures.Slot opacity) {
    MaterialTextures.Slot ao = null, mr = null;
    if (pbr) {
      ao = images.slot(mat, aiTextureType_LIGHTMAP);
      if (ao == null) ao = images.slot(mat, aiTextureType_AMBIENT_OCCLUSION);
      mr = images.slot(mat, AI_MATKEY_GLTF_PBRMETALLICROUGHNESS_METALLICROUGHNESS_TEXTURE);
      if (mr == null) mr = images.slot(mat, aiTextureType_METALNESS);
    }
    if (ao == null && mr == null && opacity == null) return null;
    return Channels.pack(plane(ao, "R"), plane(mr, "G"), plane(mr, "B"), plane(opacity, "R"));
  }

  private static Channels.Plane plane(MaterialTextures.Slot slot, String channel) {
    return slot == null ? null : new Channels.Plane(slot.image(), Channels.offset(channel), false);
  }

  private static ModelData.Texture image(MaterialTextures.Slot slot) {
    return slot == null ? null : slot.image();
  }

  private static int firstUv(MaterialTextures.Slot... slots) {
    for (MaterialTextures.Slot s : slots) if (s != null) return s.uvChannel();
    return 0;
  }

  private static float clamp01(float v) {
    return Float.isFinite(v) ? Math.max(0f, Math.min(1f, v)) : 0f;
  }

  /** Plain material properties by key. */
  private static final class Keys {
    static boolean has(AIMaterial mat, String key) {
      float[] v = new float[1];
      int[] n = {1};
      return aiGetMaterialFloatArray(mat, key, aiTextureType_NONE, 0, v, n) == aiReturn_SUCCESS && n[0] > 0;
    }

    static float floatKey(AIMaterial mat, String key, float fallback) {
      float[] v = new float[1];
      int[] n = {1};
      return aiGetMaterialFloatArray(mat, key, aiTextureType_NONE, 0, v, n) == aiReturn_SUCCESS && n[0] > 0 ? v[0] : fallback;
    }

    static int intKey(AIMaterial mat, String key, int fallback) {
      int[] v = new int[1];
      int[] n = {1};
      return aiGetMaterialIntegerArray(mat, key, aiTextureType_NONE, 0, v, n) == aiReturn_SUCCESS && n[0] > 0 ? v[0] : fallback;
    }

    static String string(AIMaterial mat, String key) {
      try (MemoryStack s = MemoryStack.stackPush()) {
        AIString value = AIString.calloc(s);
        if (aiGetMaterialString(mat, key, aiTextureType_NONE, 0, value) != aiReturn_SUCCESS) return "";
        String v = value.dataString();
        return v == null ? "" : v;
      }
    }

    static String name(AIMaterial mat) {
      return string(mat, AI_MATKEY_NAME);
    }
  }
}
