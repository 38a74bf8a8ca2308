package io.thumbnailworker.bench;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.AssimpLoader;
import io.thumbnailworker.render.assimp.ImportOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a corpus model comes out upright. Two independent checks, whichever applies:
 * <ul>
 *   <li><b>stated</b>: the file's own axis that the importer made up is compared with the axis the file states:
 *       Y for glTF and Z for 3MF (their specifications), COLLADA's {@code <up_axis>} element (read here from the
 *       file). The axis made up is found by importing the file again with {@code UP_AXIS} forced to y and to z and
 *       seeing which import the default one equals.</li>
 *   <li><b>shape</b>: for models whose subject is known ({@link #SHAPES}: figures and animals stand, spiders lie
 *       flat), whether the vertical extent of the imported, turned model is its thinnest side (flat) or
 *       not (standing), between the 1st and 99th percentile of the vertex coordinates.</li>
 * </ul>
 * Neither tells a figure standing on its head from one on its feet, nor a front from a back.
 */
final class UprightCheck {
  /** What the model depicts: {@code true} stands (its height is not its thinnest side), {@code false} lies flat. */
  static final Map<String, Boolean> SHAPES = Map.ofEntries(
      Map.entry("glb/Duck.glb", true), Map.entry("dae/duck/duck.dae", true), Map.entry("glb/CesiumMan.glb", true),
      Map.entry("obj/WusonOBJ.obj", true), Map.entry("ply/Wuson.ply", true), Map.entry("off/Wuson.off", true),
      Map.entry("blend/SuzanneSubdiv_252.blend", true),
      Map.entry("obj/spider/spider.obj", false), Map.entry("stl/Spider_binary.stl", false),
      Map.entry("stl/Spider_ascii.stl", false), Map.entry("fbx/spider.fbx", false));
  private static final Pattern COLLADA_UP = Pattern.compile("<up_axis>\\s*([XYZ])_UP\\s*</up_axis>");

  private UprightCheck() {}

  /**
   * The table cell for one model: the file axis made up, then the verdict of each check that applies ("ok",
   * or "WRONG" with what was expected); "-" for a check that does not apply.
   * @param relative the model's path in the corpus, as MANIFEST.md names it
   * @param model the model as rendered (default import options)
   */
  static String verdict(Path file, String relative, ModelData model) throws IOException {
    String chosen = chosenAxis(file);
    String stated = statedAxis(file);
    String axisCheck = stated == null ? "-" : stated.equals(chosen) ? "ok" : "WRONG (file says " + stated + ")";
    Boolean stands = SHAPES.get(relative);
    String shapeCheck = "-";
    if (stands != null) {
      boolean flat = verticalIsThinnest(model);
      shapeCheck = flat != stands ? (stands ? "stands" : "flat")
          : "WRONG (" + (stands ? "lies down" : "stands on its side") + ")";
    }
    return "up " + chosen + "; stated " + axisCheck + "; shape " + shapeCheck;
  }

  /** The file's axis that the default import made +Y: "Y", "Z", or "other" (X, or a negative axis). */
  static String chosenAxis(Path file) throws IOException {
    String name = file.getFileName().toString();
    ModelData auto = AssimpLoader.load(file, name, 5_000_000L, ImportOptions.DEFAULT);
    double crease = ImportOptions.DEFAULT.creaseAngle();
    if (same(auto, AssimpLoader.load(file, name, 5_000_000L, new ImportOptions("y", crease)))) return "Y";
    if (same(auto, AssimpLoader.load(file, name, 5_000_000L, new ImportOptions("z", crease)))) return "Z";
    return "other";
  }

  /** The up axis the file states: by the format's specification, or in the file (COLLADA); null when silent. */
  static String statedAxis(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (AssimpLoader.isGltf(name)) return "Y";
    if (name.endsWith(".3mf")) return "Z";
    if (name.endsWith(".dae")) {
      Matcher m = COLLADA_UP.matcher(Files.readString(file));
      return m.find() ? m.group(1) : "Y";   // COLLADA's default is Y_UP
    }
    return null;
  }

  /**
   * Whether the model's vertical (Y) extent is the smallest of its three extents, each measured between the 1st and
   * 99th percentile of the vertex coordinates, so that one stray part (a key Assimp places far off a keyboard) does not
   * decide it.
   */
  static boolean verticalIsThinnest(ModelData model) {
    double[] extent = new double[3];
    for (int a = 0; a < 3; a++) {
      int n = 0;
      for (ModelData.Mesh m : model.meshes()) n += m.positions().length / 3;
      double[] v = new double[n];
      int k = 0;
      for (ModelData.Mesh m : model.meshes()) {
        float[] p = m.positions();
        for (int i = a; i < p.length; i += 3) v[k++] = p[i];
      }
      Arrays.sort(v);
      extent[a] = n == 0 ? 0 : v[(int) (0.99 * (n - 1))] - v[(int) (0.01 * (n - 1))];
    }
    return extent[1] < extent[0] && extent[1] < extent[2];
  }

  /** Whether two imports of one file have the same vertex positions (to a millionth of the model's size). */
  static boolean same(ModelData a, ModelData b) {
    if (a.meshes().size() != b.meshes().size()) return false;
    double size = 0, worst = 0;
    for (int k = 0; k < a.meshes().size(); k++) {
      float[] p = a.meshes().get(k).positions(), q = b.meshes().get(k).positions();
      if (p.length != q.length) return false;
      for (int i = 0; i < p.length; i++) {
        size = Math.max(size, Math.abs(p[i]));
        worst = Math.max(worst, Math.abs(p[i] - q[i]));
      }
    }
    return worst <= 1e-6 * Math.max(size, 1e-30);
  }
}
