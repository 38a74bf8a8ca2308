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
  /** Every extension the bundled Assimp 5.4.3 imports (aiGetExtensionList), besides .zip bundles. */
  static final Set<String> MODEL_EXTENSIONS = Set.of("3d", "3ds", "3mf", "ac", "ac3d", "acc", "amf", "ase", "ask",
      "assbin", "b3d", "blend", "bsp", "bvh", "cob", "csm", "dae", "dxf", "enff", "fbx", "glb", "gltf", "hmp", "ifc",
      "ifczip", "iqm", "irr", "irrmesh", "lwo", "lws", "lxo", "md2", "md3", "md5anim", "md5camera", "md5mesh", "mdc",
      "mdl", "mesh", "mot", "ms3d", "ndo", "nff", "obj", "off", "ogex", "pk3", "ply", "pmx", "prj", "q3o", "q3s", "raw",
      "scn", "sib", "smd", "step", "stl", "stp", "ter", "uc", "vrm", "vta", "x", "x3d", "x3db", "xgl", "xml", "zae", "zgl");

  private ZipCheck() {}

  static boolean isZip(String name, Path file) throws IOException {
    String ext = UploadNames.extension(name);
    if (ext.equals("zip")) return true;
    if (MODEL_EXTENSIONS.contains(ext)) return false; // 3MF, ZAE, IFCZIP and PK3 are zips by design: models, not bundles
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
        if (!e.isDirectory() && MODEL_EXTENSIONS.contains(UploadNames.extension(name))) model = true;
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
