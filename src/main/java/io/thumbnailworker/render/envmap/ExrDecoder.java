package io.thumbnailworker.render.envmap;

import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.tinyexr.EXRBox2i;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRVersion;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;

import static org.lwjgl.system.libc.LibCStdlib.nfree;
import static org.lwjgl.util.tinyexr.TinyEXR.*;

/**
 * OpenEXR through tinyexr: the header first (size and kind checked), then the default layer as linear RGBA floats (a file with only Y or only RGB is expanded by
 * tinyexr), reduced to RGB. tinyexr's pixels and its error text are native memory, freed on every path.
 */
final class ExrDecoder {
  private ExrDecoder() {}

  static Panorama.Image read(Path file, int maxWidth) {
    String name = file.getFileName().toString();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer rgba = stack.mallocPointer(1).put(0, 0L);
      PointerBuffer err = stack.mallocPointer(1).put(0, 0L);
      checkHeader(stack, file.toString(), name);
      IntBuffer w = stack.mallocInt(1), h = stack.mallocInt(1);
      // the layer-name overloads take no null: the native call with 0 reads the default layer
      int rc = nLoadEXRWithLayer(MemoryUtil.memAddress(rgba), MemoryUtil.memAddress(w), MemoryUtil.memAddress(h),
          MemoryUtil.memAddress(stack.UTF8(file.toString())), 0L, MemoryUtil.memAddress(err));
      long pixels = rgba.get(0);
      try {
        if (rc != TINYEXR_SUCCESS) throw new PanoramaException(name + " could not be decoded as OpenEXR: " + message(rc, err.get(0)));
        if (pixels == 0L) throw new PanoramaException(name + " could not be decoded as OpenEXR: no pixels");
        PanoramaReader.checkSize(name, w.get(0), h.get(0));
        FloatBuffer px = MemoryUtil.memFloatBuffer(pixels, 4 * w.get(0) * h.get(0));
        return Reduce.floats(px, w.get(0), h.get(0), 4, maxWidth);
      } finally {
        if (pixels != 0L) nfree(pixels);
        if (err.get(0) != 0L) nFreeEXRErrorMessage(err.get(0));
      }
    }
  }

  /**
   * Reads the version and header only, so a file that is not a single-part image, or one above
   * {@link PanoramaReader#MAX_PIXELS}, fails before tinyexr allocates its pixels.
   */
  private static void checkHeader(MemoryStack stack, String path, String name) {
    EXRVersion version = EXRVersion.malloc(stack);
    int rc = ParseEXRVersionFromFile(version, path);
    if (rc != TINYEXR_SUCCESS) throw new PanoramaException(name + " could not be decoded as OpenEXR: no OpenEXR header (code " + rc + ")");
    if (version.multipart() || version.non_image()) {
      throw new PanoramaException(name + " could not be decoded as OpenEXR: multi-part and deep images are not supported");
    }
    EXRHeader header = EXRHeader.malloc(stack);
    InitEXRHeader(header);
    PointerBuffer err = stack.mallocPointer(1).put(0, 0L);
    try {
      rc = ParseEXRHeaderFromFile(header, version, path, err);
      if (rc != TINYEXR_SUCCESS) throw new PanoramaException(name + " could not be decoded as OpenEXR: " + message(rc, err.get(0)));
      EXRBox2i window = header.data_window();
      PanoramaReader.checkSize(name, window.max_x() - window.min_x() + 1, window.max_y() - window.min_y() + 1);
    } finally {
      FreeEXRHeader(header);
      if (err.get(0) != 0L) nFreeEXRErrorMessage(err.get(0));
    }
  }

  private static String message(int rc, long err) {
    String text = err == 0L ? null : MemoryUtil.memUTF8Safe(err);
    return (text == null || text.isBlank() ? "tinyexr error" : text) + " (code " + rc + ")";
  }
}
