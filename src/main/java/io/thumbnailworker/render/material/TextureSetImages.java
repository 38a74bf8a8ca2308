package io.thumbnailworker.render.material;

import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.assimp.TextureDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The images of the texture sets a model or preview uses: each file read and decoded once however many maps and
 * materials use it (a packed occlusion-roughness-metallic image is three maps on one file), and the list of textures
 * the materials built from them refer to. Decoding untrusted images belongs where the models are read, in the
 * importer process. A file that cannot be read or decoded is reported once in the warnings and is then absent: the
 * maps it holds are left out, the render goes on.
 */
public final class TextureSetImages {
  /** Larger files are refused before reading: the importer's heap is bounded, and no thumbnail needs them. */
  static final long MAX_FILE_BYTES = 256L << 20;

  private final List<String> warnings;
  private final Map<Path, Optional<ModelData.Texture>> decoded = new HashMap<>();
  private final List<ModelData.Texture> textures;
  private final Map<ModelData.Texture, Integer> added = new IdentityHashMap<>();

  /**
   * @param textures the textures already there (a model's own), which the new ones follow
   * @param warnings where a file that cannot be used is reported
   */
  public TextureSetImages(List<ModelData.Texture> textures, List<String> warnings) {
    this.textures = new ArrayList<>(textures);
    this.warnings = warnings;
  }

  /** Every texture: those given at the start, then those added. */
  public List<ModelData.Texture> textures() {
    return textures;
  }

  /** The index of {@code texture} in {@link #textures()}, added once however often it is asked for; -1 for null. */
  int add(ModelData.Texture texture) {
    if (texture == null) return -1;
    return added.computeIfAbsent(texture, t -> {
      textures.add(t);
      return textures.size() - 1;
    });
  }

  /** The decoded image that {@code map} reads from, or null when its file cannot be used. */
  ModelData.Texture image(TextureMap map) {
    Path file = map.file().toAbsolutePath().normalize();
    return decoded.computeIfAbsent(file, f -> Optional.ofNullable(decode(f))).orElse(null);
  }

  private ModelData.Texture decode(Path file) {
    String why;
    try {
      long size = Files.size(file);
      if (size == 0) {
        why = "the file is empty";
      } else if (size > MAX_FILE_BYTES) {
        why = String.format(Locale.ROOT, "the file has %,d bytes, above the limit of %,d", size, MAX_FILE_BYTES);
      } else {
        return TextureDecoder.decode(Files.readAllBytes(file), file.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      why = "the file does not exist";
    } catch (IOException | RuntimeException e) {
      why = String.valueOf(e.getMessage());
    } catch (OutOfMemoryError e) {
      // one image's pixel arrays, refused at allocation: the heap is as it was, and the render can go on without it
      why = "the image needs more memory than the importer is allowed";
    }
    warnings.add("texture set image '" + RenderException.sanitize(String.valueOf(file.getFileName()))
        + "' could not be decoded: " + RenderException.sanitize(why) + "; the maps it holds are left out");
    return null;
  }
}
