package io.thumbnailworker.api;

import io.thumbnailworker.fs.ZipRules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks an uploaded multi-file model (OBJ + MTL + textures, glTF + .bin + images) before it is accepted, by the rules
 * the worker unpacks it by ({@link ZipRules}, with its messages): a readable zip, at most {@value #MAX_ENTRIES}
 * entries, no absolute or {@code ..} entry names, no symbolic links, no file name twice, a declared uncompressed total
 * within the model size limit (else 413), and a renderable model outside hidden files and {@code __MACOSX/}. Whoever
 * extracts it must still enforce the limits while inflating (declared sizes can lie).
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
    try {
      ZipRules.check(zip, MAX_ENTRIES, maxUncompressed);
    } catch (ZipRules.Refused e) {
      throw e.tooLarge() ? ApiException.tooLarge(e.getMessage()) : ApiException.badRequest(e.getMessage());
    }
  }

  static boolean unsafe(String name) {
    return ZipRules.unsafe(name);
  }
}
