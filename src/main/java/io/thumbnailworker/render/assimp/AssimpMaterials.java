package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import org.lwjgl.assimp.AIColor4D;
import org.lwjgl.assimp.AIMaterial;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.assimp.AIString;
import org.lwjgl.assimp.AITexel;
import org.lwjgl.assimp.AITexture;
import org.lwjgl.system.MemoryStack;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.lwjgl.assimp.Assimp.*;

/**
 * An imported scene's materials as {@link ModelData.Material}: glTF metallic-roughness factors and textures (PBR),
 * or the diffuse colour and texture of other formats. Textures, embedded or beside the model, are decoded once each;
 * one that is missing or cannot be decoded leaves a warning and the material colour.
 */
final class AssimpMaterials {
  private final AIScene scene;
  private final ModelPaths paths;
  private final boolean pbr;
  private final List<String> warnings;
  private final List<ModelData.Texture> textures = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();

  AssimpMaterials(AIScene scene, ModelPaths paths, boolean pbr, List<String> warnings) {
    this.scene = scene;
    this.paths = paths;
    this.pbr = pbr;
    this.warnings = warnings;
  }

  /** The decoded textures the materials read so far refer to, by index. */
  List<ModelData.Texture> textures() {
    return textures;
  }

  /** The material as {@link ModelData.Material}; its textures are decoded into {@link #textures()} once each. */
  ModelData.Material read(AIMaterial mat) {
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIColor4D c = AIColor4D.malloc(s);
      float[] base = {0.8f, 0.8f, 0.8f, 1f};
      if (aiGetMaterialColor(mat, AI_MATKEY_BASE_COLOR, aiTextureType_NONE, 0, c) == aiReturn_SUCCESS
          || aiGetMaterialColor(mat, AI_MATKEY_COLOR_DIFFUSE, aiTextureType_NONE, 0, c) == aiReturn_SUCCESS) {
        base = new float[] {c.r(), c.g(), c.b(), c.a()};
      }
      float metallic = pbr ? floatKey(mat, AI_MATKEY_METALLIC_FACTOR, 1f) : 0f;
      float roughness = pbr ? floatKey(mat, AI_MATKEY_ROUGHNESS_FACTOR, 1f) : 0.6f;
      float[] emissive = {0, 0, 0};
      if (pbr && aiGetMaterialColor(mat, AI_MATKEY_COLOR_EMISSIVE, aiTextureType_NONE, 0, c) == aiReturn_SUCCESS) {
        emissive = new float[] {c.r(), c.g(), c.b()};
      }
      int baseTex = texture(mat, aiTextureType_BASE_COLOR);
      if (baseTex < 0) baseTex = texture(mat, aiTextureType_DIFFUSE);
      int normalTex = texture(mat, aiTextureType_NORMALS);
      for (int i = 0; i < 4; i++) if (!Float.isFinite(base[i])) base[i] = 0.8f;
      boolean doubleSided = !pbr || intKey(mat, AI_MATKEY_TWOSIDED, 0) != 0;
      return new ModelData.Material(name(mat), base, clamp01(metallic), Math.max(0.04f, clamp01(roughness)), emissive,
          ModelData.Maps.of(baseTex, normalTex), pbr, doubleSided, false);
    }
  }

  private static String name(AIMaterial mat) {
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIString name = AIString.calloc(s);
      if (aiGetMaterialString(mat, AI_MATKEY_NAME, aiTextureType_NONE, 0, name) != aiReturn_SUCCESS) return "";
      String value = name.dataString();
      return value == null ? "" : value;
    }
  }

  private static float clamp01(float v) {
    return Float.isFinite(v) ? Math.max(0f, Math.min(1f, v)) : 0f;
  }

  private static float floatKey(AIMaterial mat, String key, float fallback) {
    float[] v = new float[1];
    int[] n = {1};
    return aiGetMaterialFloatArray(mat, key, aiTextureType_NONE, 0, v, n) == aiReturn_SUCCESS && n[0] > 0 ? v[0] : fallback;
  }

  private static int intKey(AIMaterial mat, String key, int fallback) {
    int[] v = new int[1];
    int[] n = {1};
    return aiGetMaterialIntegerArray(mat, key, aiTextureType_NONE, 0, v, n) == aiReturn_SUCCESS && n[0] > 0 ? v[0] : fallback;
  }

  private int texture(AIMaterial mat, int type) {
    if (aiGetMaterialTextureCount(mat, type) == 0) return -1;
    String name;
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIString path = AIString.calloc(s);
      if (aiGetMaterialTexture(mat, type, 0, path, (IntBuffer) null, null, null, null, null, null) != aiReturn_SUCCESS) return -1;
      name = path.dataString();
    }
    if (name == null || name.isBlank()) return -1;
    Integer known = index.get(name);
    if (known != null) return known;
    int result = -1;
    try {
      ModelData.Texture tex = embedded(name);
      if (tex == null) {
        Path file = name.startsWith("*") ? null : paths.resolveTexture(name);
        if (file == null) {
          warnings.add("texture '" + RenderException.sanitize(name) + "' not found; using the material colour");
        } else {
          tex = TextureDecoder.decode(Files.readAllBytes(file), file.getFileName().toString());
        }
      }
      if (tex != null) {
        textures.add(tex);
        result = textures.size() - 1;
      }
    } catch (IOException | RuntimeException e) {
      warnings.add("texture '" + RenderException.sanitize(name) + "' could not be decoded (" + RenderException.sanitize(e.getMessage()) + "); using the material colour");
    }
    index.put(name, result);
    return result;
  }

  private ModelData.Texture embedded(String name) throws IOException {
    AITexture t = null;
    if (name.startsWith("*")) {
      try {
        int i = Integer.parseInt(name.substring(1));
        if (i >= 0 && i < scene.mNumTextures()) t = AITexture.create(scene.mTextures().get(i));
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      t = aiGetEmbeddedTexture(scene, name);
    }
    if (t == null) return null;
    if (t.mHeight() == 0) {
      ByteBuffer data = t.pcDataCompressed();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      return TextureDecoder.decode(bytes, "x." + t.achFormatHintString());
    }
    int w = t.mWidth(), h = t.mHeight();
    if ((long) w * h > TextureDecoder.MAX_SOURCE_PIXELS) throw new IOException("embedded texture is too large");
    AITexel.Buffer texels = t.pcData();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        AITexel px = texels.get(y * w + x);
        row[x] = (px.a() & 255) << 24 | (px.r() & 255) << 16 | (px.g() & 255) << 8 | (px.b() & 255);
      }
      img.setRGB(0, y, w, 1, row, 0, w);
    }
    return TextureDecoder.toTexture(img);
  }
}
