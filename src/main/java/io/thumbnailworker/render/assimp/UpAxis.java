package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import org.lwjgl.assimp.AIMetaData;
import org.lwjgl.assimp.AIMetaDataEntry;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.system.MemoryUtil;

import java.util.List;
import java.util.Locale;

import static org.lwjgl.assimp.Assimp.AI_INT32;

/**
 * Turns a model so that its up axis is +Y, the renderer's up. Per format (see docs/render.md):
 * <ul>
 *   <li>glTF is Y-up by its specification, 3MF Z-up by its own;</li>
 *   <li>FBX says which axis is up in its global settings (Assimp's {@code UpAxis}, {@code UpAxisSign} metadata);</li>
 *   <li>COLLADA's {@code <up_axis>} is already applied by Assimp;</li>
 *   <li>STL, AMF and 3DS are Z-up by convention (3D printing, 3ds Max; Assimp turns 3DS to Y-up itself), OBJ, PLY and
 *       OFF Y-up; these conventions are often broken, so the model is turned the other way when that side has a flat
 *       base and the conventional one does not ({@link #restsOn}).</li>
 * </ul>
 * {@code UP_AXIS=y|z} names the file's own up axis for every format instead.
 */
final class UpAxis {
  /** A proper rotation, row by row, that takes one axis to +Y (its second row is that axis). */
  enum Turn {
    NONE(1, 0, 0, 0, 1, 0, 0, 0, 1),
    Z_UP(1, 0, 0, 0, 0, 1, 0, -1, 0),
    MINUS_Z_UP(1, 0, 0, 0, 0, -1, 0, 1, 0),
    MINUS_Y_UP(1, 0, 0, 0, -1, 0, 0, 0, -1),
    X_UP(0, -1, 0, 1, 0, 0, 0, 0, 1),
    MINUS_X_UP(0, 1, 0, -1, 0, 0, 0, 0, 1);

    final int[] m;

    Turn(int... m) { this.m = m; }

    /** The model's axis that this turn makes up, as a unit vector. */
    double[] up() { return new double[] {m[3], m[4], m[5]}; }

    void apply(float[] v) {
      if (this == NONE || v == null) return;
      for (int i = 0; i + 2 < v.length; i += 3) {
        float x = v[i], y = v[i + 1], z = v[i + 2];
        v[i] = m[0] * x + m[1] * y + m[2] * z;
        v[i + 1] = m[3] * x + m[4] * y + m[5] * z;
        v[i + 2] = m[6] * x + m[7] * y + m[8] * z;
      }
    }
  }

  /** Share of the model's footprint a flat base must cover to overrule the format's convention. */
  private static final double BASE_SHARE = 0.2;

  private UpAxis() {}

  /** Whether Assimp is asked to leave COLLADA's own up axis alone (when the setting names the file's axis). */
  static boolean ignoreColladaUp(String setting) {
    return !setting.equals("auto");
  }

  /**
   * The turn that puts this model upright, from Assimp's scene (as imported: node transforms baked, COLLADA and 3DS
   * already turned by Assimp) and the {@code UP_AXIS} setting.
   */
  static Turn choose(String virtualName, String setting, AIScene scene, List<ModelData.Mesh> meshes) {
    String name = virtualName.toLowerCase(Locale.ROOT);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    boolean threeDs = ext.equals("3ds");
    // 3DS comes out of Assimp turned from Z-up: its own Y axis is Assimp's -Z
    if (setting.equals("y")) return threeDs ? Turn.MINUS_Z_UP : Turn.NONE;
    if (setting.equals("z")) return threeDs ? Turn.NONE : Turn.Z_UP;
    return switch (ext) {
      case "3mf" -> Turn.Z_UP;
      case "fbx" -> fbx(scene);
      case "stl", "amf" -> restsOn(meshes, Turn.Z_UP, Turn.NONE);
      case "3ds" -> restsOn(meshes, Turn.NONE, Turn.MINUS_Z_UP);
      case "obj", "ply", "off" -> restsOn(meshes, Turn.NONE, Turn.Z_UP);
      default -> Turn.NONE;
    };
  }

  /** FBX's global settings: UpAxis 0, 1, 2 for X, Y, Z, and UpAxisSign. Assimp does not apply them. */
  static Turn fbx(AIScene scene) {
    int axis = metaInt(scene.mMetaData(), "UpAxis", 1), sign = metaInt(scene.mMetaData(), "UpAxisSign", 1);
    return switch (axis) {
      case 0 -> sign < 0 ? Turn.MINUS_X_UP : Turn.X_UP;
      case 2 -> sign < 0 ? Turn.MINUS_Z_UP : Turn.Z_UP;
      default -> sign < 0 ? Turn.MINUS_Y_UP : Turn.NONE;
    };
  }

  /**
   * The conventional turn, or the other when the model rests on a flat base that way and not the conventional way.
   * A base is horizontal triangles in the lowest 1 % of the height, measured against the footprint (the bounding box
   * across the up axis), so that the flat side of a tall box lying down does not count as much as its foot.
   */
  static Turn restsOn(List<ModelData.Mesh> meshes, Turn conventional, Turn other) {
    double usual = baseShare(meshes, conventional.up()), alternative = baseShare(meshes, other.up());
    return alternative >= BASE_SHARE && alternative > 2 * usual ? other : conventional;
  }

  /** Area of the horizontal faces at the bottom along {@code up}, over the footprint area. */
  static double baseShare(List<ModelData.Mesh> meshes, double[] up) {
    int axis = up[0] != 0 ? 0 : up[1] != 0 ? 1 : 2;
    double sign = up[axis];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (ModelData.Mesh m : meshes) {
      float[] p = m.positions();
      for (int i = 0; i < p.length; i++) {
        min[i % 3] = Math.min(min[i % 3], p[i]);
        max[i % 3] = Math.max(max[i % 3], p[i]);
      }
    }
    double height = max[axis] - min[axis];
    double footprint = (max[(axis + 1) % 3] - min[(axis + 1) % 3]) * (max[(axis + 2) % 3] - min[(axis + 2) % 3]);
    if (!(height > 0) || !(footprint > 0)) return 0;
    double bottom = sign > 0 ? min[axis] : -max[axis], slab = 0.01 * height;
    double area = 0;
    for (ModelData.Mesh m : meshes) area += bottomArea(m, axis, sign, bottom + slab);
    return area / footprint;
  }

  /** Summed area of the triangles lying flat (within about 20 degrees) wholly below {@code limit} along the axis. */
  private static double bottomArea(ModelData.Mesh m, int axis, double sign, double limit) {
    float[] p = m.positions();
    int[] idx = m.indices();
    double area = 0;
    for (int t = 0; t + 2 < idx.length; t += 3) {
      int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
      if (sign * p[a + axis] > limit || sign * p[b + axis] > limit || sign * p[c + axis] > limit) continue;
      double ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      double vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      double[] n = {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
      double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      if (len > 0 && Math.abs(n[axis]) > 0.94 * len) area += len / 2;
    }
    return area;
  }

  private static int metaInt(AIMetaData meta, String key, int fallback) {
    if (meta == null) return fallback;
    for (int i = 0; i < meta.mNumProperties(); i++) {
      if (!key.equals(meta.mKeys().get(i).dataString())) continue;
      AIMetaDataEntry e = meta.mValues().get(i);
      return e.mType() == AI_INT32 ? MemoryUtil.memGetInt(MemoryUtil.memAddress(e.mData(4))) : fallback;
    }
    return fallback;
  }
}
