package io.thumbnailworker.render.assimp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.lwjgl.PointerBuffer;
import org.lwjgl.assimp.AIAnimation;
import org.lwjgl.assimp.AICamera;
import org.lwjgl.assimp.AIFileIO;
import org.lwjgl.assimp.AILight;
import org.lwjgl.assimp.AIMaterial;
import org.lwjgl.assimp.AIMesh;
import org.lwjgl.assimp.AIPropertyStore;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.assimp.AIString;
import org.lwjgl.system.MemoryStack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.lwjgl.assimp.Assimp.*;

/**
 * The technical metadata and the scene graph of a model (Modelibr's {@code technical-metadata} and
 * {@code scene-graph} bodies, less the file hash and versions the caller adds), read from the same import the render
 * uses: the file is read once without post-processing, so node names, hierarchy, vertices and units are the file's
 * own; the facts are taken; then the render's post-processing (triangulation, pre-transformed vertices, …) runs on
 * that scene. The facts are kept for the importing thread and picked up by {@link #take()}, so the loader's signature
 * stays as it is.
 *
 * <p>JSON: {@code {technicalMetadata: {…}, sceneGraph: {rollups, parts, warnings}}}.
 */
public final class SceneFacts {
  private static final ThreadLocal<JsonObject> CAPTURED = new ThreadLocal<>();

  private SceneFacts() {}

  /**
   * Imports the file as {@code aiImportFileExWithProperties} does with {@code flags}, taking the scene facts between
   * reading and post-processing. Null when Assimp could not read or process the file ({@code aiGetErrorString} says
   * why when reading failed).
   */
  public static AIScene importCapturing(String name, int flags, AIFileIO io, AIPropertyStore props) {
    CAPTURED.remove();
    AIScene raw = aiImportFileExWithProperties(name, aiProcess_ValidateDataStructure, io, props);
    if (raw == null) return null;
    try {
      CAPTURED.set(of(raw));
    } catch (RuntimeException e) {
      // the facts are extra: a scene they cannot describe still renders
      System.err.println("scene facts not taken: " + e);
    } catch (Error e) {
      aiReleaseImport(raw);
      throw e;
    }
    // on failure Assimp releases the scene itself and answers null
    return aiApplyPostProcessing(raw, flags);
  }

  /** Imports the file in one pass with {@code flags}, taking no facts (and dropping any left from before). */
  public static AIScene importOnly(String name, int flags, AIFileIO io, AIPropertyStore props) {
    CAPTURED.remove();
    return aiImportFileExWithProperties(name, flags, io, props);
  }

  /** The facts of this thread's last import, or null; cleared by the call. */
  public static JsonObject take() {
    JsonObject facts = CAPTURED.get();
    CAPTURED.remove();
    return facts;
  }

  static JsonObject of(AIScene scene) {
    List<MeshFacts> meshes = new ArrayList<>();
    PointerBuffer meshPtrs = scene.mMeshes();
    for (int i = 0; meshPtrs != null && i < scene.mNumMeshes(); i++) meshes.add(MeshFacts.read(AIMesh.create(meshPtrs.get(i))));
    List<String> materials = materialNames(scene);
    Set<String> bones = new LinkedHashSet<>();
    meshes.forEach(m -> bones.addAll(m.bones()));
    SceneWalk walk = new SceneWalk(meshes, materials, bones, names(scene.mCameras(), scene.mNumCameras(), true),
        names(scene.mLights(), scene.mNumLights(), false));
    if (scene.mRootNode() != null) walk.walk(scene.mRootNode());
    List<String> animations = animationNames(scene);
    JsonArray warnings = new JsonArray();
    if (walk.truncated) warnings.add("the scene has more than " + SceneWalk.MAX_PARTS + " parts; only the first are listed");
    return new JsonObject().put("technicalMetadata", technical(walk, materials, bones.size(), animations))
        .put("sceneGraph", new JsonObject().put("rollups", rollups(walk, materials, bones.size(), animations))
            .put("parts", walk.parts).put("warnings", warnings));
  }

  private static JsonObject technical(SceneWalk walk, List<String> materials, int bones, List<String> animations) {
    long vertices = 0, triangles = 0, meshCount = 0;
    Set<Integer> used = new HashSet<>();
    for (MeshFacts m : walk.instances) {
      if (!m.isMesh()) continue;
      meshCount++;
      vertices += m.vertexCount();
      triangles += m.triangleCount();
      used.add(m.material());
    }
    List<String> names = usedNames(materials, used);
    double[] size = walk.worldBounds == null ? new double[3] : Bounds.dimensions(walk.worldBounds);
    return new JsonObject().put("materialNames", new JsonArray(names)).put("triangleCount", triangles)
        .put("vertexCount", vertices).put("meshCount", meshCount).put("materialCount", used.size())
        .put("boundingBoxX", Bounds.round6(size[0])).put("boundingBoxY", Bounds.round6(size[1]))
        .put("boundingBoxZ", Bounds.round6(size[2]))
        .put("animationCount", animations.size()).put("animationNames", new JsonArray(animations)).put("boneCount", bones);
  }

  private static JsonObject rollups(SceneWalk walk, List<String> materials, int bones, List<String> animations) {
    long vertices = 0, triangles = 0;
    Set<Integer> used = new HashSet<>();
    for (MeshFacts m : walk.instances) {
      vertices += m.vertexCount();
      triangles += m.triangleCount();
      used.add(m.material());
    }
    long meshCount = walk.parts.stream().filter(p -> "mesh".equals(((JsonObject) p).getString("objectType"))).count();
    JsonObject bounds = walk.worldBounds == null ? null
        : new JsonObject().put("dimensions", Bounds.vector(Bounds.dimensions(walk.worldBounds)));
    return new JsonObject().put("meshCount", meshCount).put("totalTriangles", triangles).put("totalVertices", vertices)
        .put("materialCount", used.size()).put("materialNames", new JsonArray(usedNames(materials, used)))
        .put("boneCount", bones).put("worldBounds", bounds).put("animationCount", animations.size())
        .put("animationNames", new JsonArray(animations));
  }

  /** Distinct non-empty names of the materials in use, first use first, compared case-insensitively. */
  private static List<String> usedNames(List<String> materials, Set<Integer> used) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < materials.size(); i++) {
      String n = materials.get(i).trim();
      if (used.contains(i) && !n.isEmpty() && seen.add(n.toLowerCase(Locale.ROOT))) out.add(n);
    }
    return out;
  }

  private static List<String> materialNames(AIScene scene) {
    List<String> out = new ArrayList<>();
    PointerBuffer ptrs = scene.mMaterials();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      AIString name = AIString.calloc(stack);
      for (int i = 0; ptrs != null && i < scene.mNumMaterials(); i++) {
        int rc = aiGetMaterialString(AIMaterial.create(ptrs.get(i)), AI_MATKEY_NAME, 0, 0, name);
        out.add(rc == aiReturn_SUCCESS ? name.dataString() : "");
      }
    }
    return out;
  }

  private static List<String> animationNames(AIScene scene) {
    List<String> out = new ArrayList<>();
    PointerBuffer ptrs = scene.mAnimations();
    for (int i = 0; ptrs != null && i < scene.mNumAnimations(); i++) {
      String n = AIAnimation.create(ptrs.get(i)).mName().dataString();
      out.add(n.isBlank() ? "Animation " + (i + 1) : n);
    }
    return out;
  }

  private static Set<String> names(PointerBuffer ptrs, int count, boolean cameras) {
    Set<String> out = new HashSet<>();
    for (int i = 0; ptrs != null && i < count; i++) {
      out.add(cameras ? AICamera.create(ptrs.get(i)).mName().dataString() : AILight.create(ptrs.get(i)).mName().dataString());
    }
    return out;
  }
}
