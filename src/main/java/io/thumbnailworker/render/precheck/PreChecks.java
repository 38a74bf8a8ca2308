package io.thumbnailworker.render.precheck;

import io.thumbnailworker.render.RenderException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Cheap checks before a file goes to Assimp: sizes in headers against the real file size, glTF node depth, element
 * counts. They turn known traps (a GLB chunk length that makes Assimp allocate 2 GiB, a PLY header promising
 * 2,000,000 faces in 200 bytes, a 20,000-level node chain) into clear messages in microseconds. They are a first
 * filter, not the safety net: the importer process is (see {@code render.importer.ImporterProcess}). The glTF and
 * PLY checks have their own classes.
 */
public final class PreChecks {
  private PreChecks() {}

  /** What Assimp should be told the file is called: its own name, or a corrected one when the content says otherwise. */
  public static String check(Path file, String fileType) {
    long size;
    try {
      if (!Files.isRegularFile(file)) throw new RenderException(RenderException.BAD_MODEL, "model file does not exist");
      size = Files.size(file);
    } catch (IOException e) {
      throw new RenderException(RenderException.BAD_MODEL, "model file cannot be read: " + e.getMessage());
    }
    if (size == 0) throw new RenderException(RenderException.BAD_MODEL, "model file is empty");
    String name = file.getFileName().toString();
    String ext = extension(name);
    String type = fileType == null ? "" : fileType.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
    if (!type.isEmpty() && !type.equals(ext)) {
      name = name + "." + type;
      ext = type;
    }
    byte[] head = head(file, 512);
    if (startsWith(head, "glTF")) {
      GltfChecks.checkGlb(file, size);
      return ext.equals("glb") || ext.equals("vrm") ? name : name + ".glb";
    }
    switch (ext) {
      case "glb" -> throw new RenderException(RenderException.BAD_MODEL, "file is not a binary glTF (no 'glTF' header)");
      case "gltf" -> GltfChecks.checkGltfJson(file, size);
      case "ply" -> PlyChecks.checkPly(file, size, head);
      case "stl" -> checkStl(file, size, head);
      default -> { }
    }
    return name;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static void checkStl(Path file, long size, byte[] head) {
    boolean asciiLooking = startsWith(head, "solid") && new String(head, StandardCharsets.ISO_8859_1).contains("facet");
    if (asciiLooking) return;
    if (size < 84) {
      if (startsWith(head, "solid")) return;
      throw bad("binary STL is truncated (" + size + " bytes, the header alone is 84)");
    }
    ByteBuffer b = ByteBuffer.wrap(head, 80, 4).order(ByteOrder.LITTLE_ENDIAN);
    long declared = Integer.toUnsignedLong(b.getInt(80));
    long actual = (size - 84) / 50;
    if (declared != actual && !startsWith(head, "solid")) {
      throw bad(String.format(Locale.ROOT, "binary STL header claims %,d triangles but the file holds %,d", declared, actual));
    }
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw bad("model file cannot be read: " + e.getMessage());
    }
  }

  static boolean startsWith(byte[] b, String magic) {
    if (b.length < magic.length()) return false;
    for (int i = 0; i < magic.length(); i++) if (b[i] != magic.charAt(i)) return false;
    return true;
  }

  static RenderException bad(String msg) {
    return new RenderException(RenderException.BAD_MODEL, msg);
  }
}
