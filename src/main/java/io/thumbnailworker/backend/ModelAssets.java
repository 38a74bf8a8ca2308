package io.thumbnailworker.backend;

import java.nio.file.Path;
import java.util.List;

/** What a backend says about the files around a model: companions of a glTF, texture sets and their images. */
public final class ModelAssets {
  private ModelAssets() {}

  /** A file the model needs beside it (a glTF's buffers and images, an OBJ's MTL and textures), at {@code relativePath} from the model's folder. */
  public record Companion(long fileId, Path relativePath) {}

  /**
   * Put texture set {@code textureSetId} on the meshes whose material is named {@code materialName} (empty: every
   * mesh). {@code fallback} marks the job's default set, used because no mapping applied.
   */
  public record TextureChoice(String materialName, long textureSetId, boolean fallback) {}

  /** One image of a texture set: the texture type's name, the stored file and the channel (R, G, B, A, RGB) it uses. */
  public record Texture(String type, long fileId, String channel, String fileName) {}

  /** A texture set's images, tiled {@code uvScale} times. */
  public record TextureSet(double uvScale, List<Texture> textures) {
    public TextureSet {
      textures = List.copyOf(textures);
    }
  }
}
