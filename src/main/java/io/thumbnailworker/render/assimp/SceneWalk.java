package io.thumbnailworker.render.assimp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.lwjgl.PointerBuffer;
import org.lwjgl.assimp.AIMatrix4x4;
import org.lwjgl.assimp.AINode;
import org.lwjgl.assimp.AIQuaternion;
import org.lwjgl.assimp.AIVector3D;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.lwjgl.assimp.Assimp.aiDecomposeMatrix;

/**
 * Walks a scene's node tree into Modelibr's scene-graph parts. The root node is not a part; its children are at depth
 * 1. A node with one mesh is that mesh's part; a node with several is a {@code group} whose meshes are parts below it
 * (before its child nodes); a node without meshes is a {@code bone}, {@code camera} or {@code light} when the scene
 * names it so, else a {@code group} (with children) or an {@code object}. Meshes of the root node itself are top-level
 * parts. Stops adding parts at {@link #MAX_PARTS}.
 */
final class SceneWalk {
  static final int MAX_PARTS = 10_000;

  /** One child of a node: another node, or one of the node's meshes shown as its own part. */
  private record Child(String name, AINode node, int mesh) {}

  private final List<MeshFacts> meshes;
  private final List<String> materialNames;
  private final Set<String> bones;
  private final Set<String> cameras;
  private final Set<String> lights;
  final JsonArray parts = new JsonArray();
  /** Mesh instances drawn: their facts and world bounds. */
  final List<MeshFacts> instances = new ArrayList<>();
  double[][] worldBounds;
  boolean truncated;

  SceneWalk(List<MeshFacts> meshes, List<String> materialNames, Set<String> bones, Set<String> cameras, Set<String> lights) {
    this.meshes = meshes;
    this.materialNames = materialNames;
    this.bones = bones;
    this.cameras = cameras;
    this.lights = lights;
  }

  void walk(AINode root) {
    double[] world = matrix(root.mTransformation());
    List<Child> top = new ArrayList<>();
    IntBuffer rootMeshes = root.mMeshes();
    for (int i = 0; rootMeshes != null && i < root.mNumMeshes(); i++) top.add(meshChild(rootMeshes.get(i)));
    top.addAll(nodeChildren(root));
    children(top, PartPaths.ROOT, 1, world);
  }

  private void children(List<Child> list, String parentPath, int depth, double[] parentWorld) {
    List<String> segments = PartPaths.siblings(list.stream().map(Child::name).toList());
    for (int i = 0; i < list.size(); i++) {
      if (parts.size() >= MAX_PARTS) {
        truncated = true;
        return;
      }
      Child c = list.get(i);
      String path = PartPaths.child(parentPath, segments.get(i));
      if (c.node() == null) {
        meshPart(c, path, parentPath, depth, parentWorld, identity());
        continue;
      }
      double[] local = matrix(c.node().mTransformation());
      double[] world = multiply(parentWorld, local);
      IntBuffer nodeMeshes = c.node().mMeshes();
      int n = nodeMeshes == null ? 0 : c.node().mNumMeshes();
      if (n == 1) {
        meshPart(new Child(c.name(), null, nodeMeshes.get(0)), path, parentPath, depth, world, local);
        children(nodeChildren(c.node()), path, depth + 1, world);
        continue;
      }
      List<Child> below = new ArrayList<>();
      for (int k = 0; k < n; k++) below.add(meshChild(nodeMeshes.get(k)));
      below.addAll(nodeChildren(c.node()));
      parts.add(part(path, c.name(), parentPath, depth, nodeType(c.name(), !below.isEmpty()), local)
          .putNull("triangleCount").putNull("vertexCount").putNull("geometryHash").putNull("hasUvs"));
      children(below, path, depth + 1, world);
    }
  }

  private void meshPart(Child c, String path, String parentPath, int depth, double[] world, double[] local) {
    MeshFacts m = meshes.get(c.mesh());
    instances.add(m);
    double[][] wb = Bounds.of(m.positions(), world).orElse(null);
    worldBounds = Bounds.union(worldBounds, wb);
    JsonObject p = part(path, c.name(), parentPath, depth, m.kind(), local)
        .put("triangleCount", m.triangleCount()).put("vertexCount", m.vertexCount())
        .put("geometryHash", m.geometryHash()).put("hasUvs", m.hasUvs());
    JsonObject detail = p.getJsonObject("detail");
    detail.put("boundingBox", Bounds.json(m.localBounds(), false)).put("worldBoundingBox", Bounds.json(wb, true))
        .put("materialSlots", new JsonArray(m.material() >= 0 && m.material() < materialNames.size()
            ? List.of(materialNames.get(m.material())) : List.of()));
    parts.add(p);
  }

  private static JsonObject part(String path, String name, String parentPath, int depth, String type, double[] local) {
    String shown = name == null ? "" : name.length() > 512 ? name.substring(0, 512) : name;
    JsonObject detail = new JsonObject().put("source", "assimp").put("transform", transform(local))
        .putNull("boundingBox").putNull("worldBoundingBox").put("materialSlots", new JsonArray())
        .put("shapeKeys", new JsonArray()).putNull("vertexGroups").putNull("modifiers").putNull("quadCount").putNull("ngonCount");
    return new JsonObject().put("partPath", path).put("name", shown).put("parentPath", parentPath).put("depth", depth)
        .put("objectType", type).put("detail", detail);
  }

  private String nodeType(String name, boolean hasChildren) {
    if (bones.contains(name)) return "bone";
    if (cameras.contains(name)) return "camera";
    if (lights.contains(name)) return "light";
    return hasChildren ? "group" : "object";
  }

  private Child meshChild(int index) {
    return new Child(index < meshes.size() ? meshes.get(index).name() : "", null, index);
  }

  private static List<Child> nodeChildren(AINode node) {
    List<Child> out = new ArrayList<>();
    PointerBuffer kids = node.mChildren();
    for (int i = 0; kids != null && i < node.mNumChildren(); i++) {
      AINode k = AINode.create(kids.get(i));
      out.add(new Child(k.mName().dataString(), k, -1));
    }
    return out;
  }

  /** {@code {position, quaternion (x, y, z, w), scale}} of a node's own transform. */
  private static JsonObject transform(double[] m) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      AIMatrix4x4 mat = AIMatrix4x4.malloc(stack).set((float) m[0], (float) m[1], (float) m[2], (float) m[3],
          (float) m[4], (float) m[5], (float) m[6], (float) m[7], (float) m[8], (float) m[9], (float) m[10],
          (float) m[11], (float) m[12], (float) m[13], (float) m[14], (float) m[15]);
      AIVector3D s = AIVector3D.calloc(stack), p = AIVector3D.calloc(stack);
      AIQuaternion q = AIQuaternion.calloc(stack);
      aiDecomposeMatrix(mat, s, q, p);
      return new JsonObject().put("position", Bounds.vector(new double[] {p.x(), p.y(), p.z()}))
          .put("quaternion", Bounds.vector(new double[] {q.x(), q.y(), q.z(), q.w()}))
          .put("scale", Bounds.vector(new double[] {s.x(), s.y(), s.z()}));
    }
  }

  /** Assimp's matrix, row-major (translation in the last column). */
  private static double[] matrix(AIMatrix4x4 m) {
    return new double[] {m.a1(), m.a2(), m.a3(), m.a4(), m.b1(), m.b2(), m.b3(), m.b4(),
        m.c1(), m.c2(), m.c3(), m.c4(), m.d1(), m.d2(), m.d3(), m.d4()};
  }

  private static double[] identity() {
    return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] r = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k = 0; k < 4; k++) s += a[4 * i + k] * b[4 * k + j];
        r[4 * i + j] = s;
      }
    }
    return r;
  }
}
