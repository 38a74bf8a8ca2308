package io.thumbnailworker.render.envmap;

import org.lwjgl.system.MemoryStack;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;

import static org.lwjgl.stb.STBImage.*;

/**
 * Radiance {@code .hdr} (as linear floats) and 8-bit PNG, JPEG, BMP and TGA (as sRGB) through stb_image. The header
 * is read first, so a file that is not an image, or one too large to decode, fails before any pixel memory is taken;
 * the decoded pixels are native memory, freed as soon as they are reduced, on every path.
 */
final class StbDecoder {
  private StbDecoder() {}

  static Panorama.Image radiance(Path file, int maxWidth) {
    String path = file.toString();
    size(path, "Radiance HDR");
    if (!stbi_is_hdr(path)) throw new PanoramaException(file.getFileName() + " is not a Radiance HDR image (no #?RADIANCE header)");
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1), n = stack.mallocInt(1);
      FloatBuffer px = stbi_loadf(path, w, h, n, 3);
      if (px == null) throw new PanoramaException(file.getFileName() + " could not be decoded as Radiance HDR: " + reason());
      try {
        return Reduce.floats(px, w.get(0), h.get(0), 3, maxWidth);
      } finally {
        stbi_image_free(px);
      }
    }
  }

  static Panorama.Image eightBit(Path file, String format, int maxWidth) {
    String path = file.toString();
    size(path, format);
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1), n = stack.mallocInt(1);
      ByteBuffer px = stbi_load(path, w, h, n, 3);
      if (px == null) throw new PanoramaException(file.getFileName() + " could not be decoded as " + format + ": " + reason());
      try {
        return Reduce.srgb(px, w.get(0), h.get(0), 3, maxWidth);
      } finally {
        stbi_image_free(px);
      }
    }
  }

  /** Reads the header: a readable error when there is no image or it is larger than {@link PanoramaReader#MAX_PIXELS}. */
  private static void size(String path, String format) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1), n = stack.mallocInt(1);
      String name = Path.of(path).getFileName().toString();
      if (!stbi_info(path, w, h, n)) throw new PanoramaException(name + " is not a readable " + format + " image: " + reason());
      PanoramaReader.checkSize(name, w.get(0), h.get(0));
    }
  }

  private static String reason() {
    String r = stbi_failure_reason();
    return r == null || r.isBlank() ? "unknown reason" : r;
  }
}
