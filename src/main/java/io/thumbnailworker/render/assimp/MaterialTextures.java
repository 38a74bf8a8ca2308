package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.lwjgl.assimp.Assimp.*;

/**
 * The images a scene's materials name, embedded or beside the model, each decoded once however many slots and
 * materials share it; one that is missing or cannot be decoded leaves a warning once. Images only go into the model's
 * texture list ({@link #add}) when a material draws them as they are, so an image only read into a packed surface
 * map does not cross to the renderer twice.
 */
final class MaterialTextures {
  /** The image in a material's slot and the texture coordinate set it is mapped with. */
  record Slot(ModelData.Texture image, int uvChannel) {}

  private final AIScene scene;
  private final ModelPaths paths;
  private final List<String> warnings;
  private final List<ModelData.Texture> textures = new ArrayList<>();
  private final Map<String, ModelData.Texture> decoded = new HashMap<>();
  private final Map<ModelData.Texture, Integer> index = new IdentityHashMap<>();

  MaterialTextures(AIScene scene, ModelPaths paths, List<String> warnings) {
    this.scene = scene;
    this.paths = paths;
    this.warnings = warnings;
  }

  /** The textures added so far, by index. */
  List<ModelData.Texture> textures() {
    return textures;
  }

  /** The index of {@code image} in {@link #textures()}, added on first use; -1 for none. */
  int add(ModelData.Texture image) {
    if (image == null) return -1;
    return index.computeIfAbsent(image, t -> {
      textures.add(t);
      return textures.size() - 1;
    });
  }

  /** The first texture of {@code type} in {@code mat}, or null when it has none that decodes. */
  Slot slot(AIMaterial mat, int type) {
    if (aiGetMaterialTextureCount(mat, type) == 0) return null;
    String name;
    int uv;
    try (MemoryStack s = MemoryStack.stackPush()) {
      AIString path = AIString.calloc(s);
      IntBuffer uvIndex = s.ints(0);
      if (aiGetMaterialTexture(mat, type, 0, path, null, uvIndex, null, null, null, null) != aiReturn_SUCCESS) return null;
      name = path.dataString();
      uv = uvIndex.get(0);
    }
    if (name == null || name.isBlank()) return null;
    ModelData.Texture image = decoded.containsKey(name) ? decoded.get(name) : load(name);
    decoded.put(name, image);
    return image == null ? null : new Slot(image, Math.max(0, uv));
  }

  private ModelData.Texture load(String name) {
    try {
      ModelData.Texture tex = embedded(name);
      if (tex != null) return tex;
      Path file = name.startsWith("*") ? null : paths.resolveTexture(name);
      if (file == null) {
        warnings.add("texture '" + RenderException.sanitize(name) + "' not found; using the material colour");
        return null;
      }
      return TextureDecoder.decode(Files.readAllBytes(file), file.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      warnings.add("texture '" + RenderException.sanitize(name) + "' could not be decoded (" + RenderException.sanitize(e.getMessage()) + "); using the material colour");
      return null;
    }
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
