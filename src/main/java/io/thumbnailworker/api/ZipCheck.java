package io.thumbnailworker.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an uploaded multi-file model (OBJ + MTL + textures, glTF + .bin + images) before it is accepted: a readable
 * zip, at most {@value #MAX_ENTRIES} entries, no absolute or {@code ..} entry names, a declared uncompressed total
 * within the model size limit, and at least one model file. Whoever extracts it must still enforce the limits while
 * inflating (declared sizes can lie).
 */
final class ZipCheck {
  static final int MAX_ENTRIES = 1000;
  static final Set<String> MODEL_EXTENSIONS = Set.of("obj", "gltf", "glb", "fbx", "stl", "ply", "dae", "3ds", "3mf",
      "blend", "x", "off", "lwo", "ase", "ac", "ms3d", "md2", "md3", "md5mesh", "b3d", "x3d", "amf", "irrmesh", "smd");

  private ZipCheck() {}

  static boolean isZip(String name, Path file) throws IOException {
    if (FileNames.extension(name).equals("zip")) return true;
    byte[] head = new byte[4];
    try (var in = java.nio.file.Files.newInputStream(file)) {
      return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  /** @throws ApiException 400 or 413 naming the offending entry */
  static void check(Path zip, long maxUncompressed) throws IOException {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      if (zf.size() > MAX_ENTRIES) throw ApiException.badRequest("the zip has " + zf.size() + " entries; at most " + MAX_ENTRIES + " are accepted");
      long total = 0;
      boolean model = false;
      Enumeration<? extends ZipEntry> entries = zf.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (unsafe(name)) throw ApiException.badRequest("the zip entry '" + name + "' has an absolute or '..' path");
        long size = e.getSize();
        if (size < 0) throw ApiException.badRequest("the zip entry '" + name + "' does not declare its size");
        total += size;
        if (total > maxUncompressed) {
          throw ApiException.tooLarge("the zip unpacks to more than " + maxUncompressed + " bytes, the model size limit");
        }
        if (!e.isDirectory() && MODEL_EXTENSIONS.contains(FileNames.extension(name))) model = true;
      }
      if (!model) throw ApiException.badRequest("the zip holds no model file (expected one of " + MODEL_EXTENSIONS + ")");
    } catch (ZipException e) {
      throw ApiException.badRequest("the upload is not a readable zip file: " + e.getMessage());
    }
  }

  static boolean unsafe(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || (n.length() >= 2 && n.charAt(1) == ':')) return true;
    for (String part : n.split("/")) if (part.equals("..")) return true;
    return false;
  }
}
