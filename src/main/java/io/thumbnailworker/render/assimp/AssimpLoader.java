package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.NativeLibraries;
import io.thumbnailworker.render.RenderException;
import org.lwjgl.PointerBuffer;
import org.lwjgl.assimp.AIColor4D;
import org.lwjgl.assimp.AIFace;
import org.lwjgl.assimp.AIMaterial;
import org.lwjgl.assimp.AIMesh;
import org.lwjgl.assimp.AIPropertyStore;
import org.lwjgl.assimp.AIScene;
import org.lwjgl.assimp.AIVector3D;
import org.lwjgl.system.MemoryUtil;

import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.lwjgl.assimp.Assimp.*;

/**
 * Imports one model file with Assimp and flattens it into {@link ModelData}. Runs inside the importer process (see
 * {@code render.importer.ImporterMain}, or in process for the one-shot command); a native crash in the child costs
 * that process, not the worker.
 */
public final class AssimpLoader {
  // no GenSmoothNormals: meshes without normals get ours, with a crease angle (CreaseNormals)
  static final int FLAGS = aiProcess_Triangulate | aiProcess_PreTransformVertices
      | aiProcess_SortByPType | aiProcess_ValidateDataStructure | aiProcess_FlipUVs;

  private AssimpLoader() {}

  /**
   * @param virtualName the name Assimp sees for the model (its extension picks the importer)
   * @throws RenderException with a readable reason when the file cannot be used
   */
  public static ModelData load(Path file, String virtualName, long maxTriangles, long drawBudget, ImportOptions options)
      throws IOException {
    return MeshSimplifier.reduce(load(file, virtualName, maxTriangles, options), drawBudget);
  }

  public static ModelData load(Path file, String virtualName, long maxTriangles, long drawBudget) throws IOException {
    return load(file, virtualName, maxTriangles, drawBudget, ImportOptions.DEFAULT);
  }

  public static ModelData load(Path file, String virtualName, long maxTriangles) throws IOException {
    return load(file, virtualName, maxTriangles, ImportOptions.DEFAULT);
  }

  public static ModelData load(Path file, String virtualName, long maxTriangles, ImportOptions options) throws IOException {
    NativeLibraries.prepare();
    ModelPaths paths = new ModelPaths(file.toAbsolutePath().getParent());
    List<String> warnings = new ArrayList<>();
    AIPropertyStore props = aiCreatePropertyStore();
    try (ConfinedFileIO io = new ConfinedFileIO(paths, virtualName, file.toRealPath())) {
      aiSetImportPropertyInteger(props, AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
      aiSetImportPropertyInteger(props, AI_CONFIG_IMPORT_COLLADA_IGNORE_UP_DIRECTION, UpAxis.ignoreColladaUp(options.upAxis()) ? 1 : 0);
      boolean pbr = isGltf(virtualName);
      // glTF meshes come indexed: joining identical vertices again is a large part of a dense GLB's import
      int flags = pbr ? FLAGS : FLAGS | aiProcess_JoinIdenticalVertices;
      AIScene scene = options.sceneFacts() ? SceneFacts.importCapturing(virtualName, flags, io.io(), props)
          : SceneFacts.importOnly(virtualName, flags, io.io(), props);
      if (scene == null) {
        String why = aiGetErrorString();
        if (why == null || why.isBlank()) why = "unknown reason";
        throw new RenderException(RenderException.BAD_MODEL, "Assimp could not read the file: " + why);
      }
      try {
        if ((scene.mFlags() & AI_SCENE_FLAGS_INCOMPLETE) != 0) {
          throw new RenderException(RenderException.BAD_MODEL, "Assimp could not read the file: the scene is incomplete");
        }
        for (String r : io.refused()) {
          if (!r.equals(virtualName)) warnings.add("referenced file '" + RenderException.sanitize(r) + "' was not found in the model's folder or is not allowed");
        }
        ModelData model = convert(scene, paths, pbr, maxTriangles, options.creaseAngle(), warnings);
        UpAxis.Turn turn = UpAxis.choose(virtualName, options.upAxis(), scene, model.meshes());
        for (ModelData.Mesh m : model.meshes()) {
          turn.apply(m.positions());
          turn.apply(m.normals());
        }
        return model;
      } finally {
        aiReleaseImport(scene);
      }
    } finally {
      aiReleasePropertyStore(props);
    }
  }

  /**
   * Whether Assimp reads the file as glTF (by its virtual name): its materials are metallic-roughness and its
   * texture coordinates start at the image's top left, as in the browser's glTF loader.
   */
  public static boolean isGltf(String virtualName) {
    return virtualName.toLowerCase(Locale.ROOT).matches(".*\\.(gltf|glb|vrm)");
  }

  private static ModelData convert(AIScene scene, ModelPaths paths, boolean pbr, long maxTriangles, double creaseAngle,
                                   List<String> warnings) {
    int nMeshes = scene.mNumMeshes();
    PointerBuffer meshPtrs = scene.mMeshes();
    long triangles = 0;
    for (int i = 0; i < nMeshes; i++) {
      AIMesh m = AIMesh.create(meshPtrs.get(i));
      if ((m.mPrimitiveTypes() & aiPrimitiveType_TRIANGLE) != 0) triangles += m.mNumFaces();
    }
    if (triangles == 0) throw new RenderException(RenderException.BAD_MODEL, "model has no triangles to render");
    if (triangles > maxTriangles) {
      throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT,
          "model has %,d triangles, above MAX_POLYGON_COUNT %,d", triangles, maxTriangles));
    }
    AssimpMaterials reader = new AssimpMaterials(scene, paths, pbr, warnings);
    List<ModelData.Material> materials = new ArrayList<>();
    PointerBuffer matPtrs = scene.mMaterials();
    for (int i = 0; i < scene.mNumMaterials(); i++) materials.add(reader.read(AIMaterial.create(matPtrs.get(i))));
    if (materials.isEmpty()) materials.add(ModelData.Material.neutral());
    List<ModelData.Mesh> meshes = new ArrayList<>();
    List<Boolean> uvWarned = new ArrayList<>(java.util.Collections.nCopies(materials.size(), false));
    for (int i = 0; i < nMeshes; i++) {
      AIMesh m = AIMesh.create(meshPtrs.get(i));
      if ((m.mPrimitiveTypes() & aiPrimitiveType_TRIANGLE) == 0 || m.mNumFaces() == 0) continue;
      ModelData.Mesh mesh = mesh(m, materials.size(), reader.uvChannel(m.mMaterialIndex()));
      if (m.mNormals() == null) mesh = CreaseNormals.of(mesh, creaseAngle);
      reader.checkUvs(mesh, materials.get(mesh.material()), uvWarned);
      if (!materials.get(mesh.material()).doubleSided()) orientWindingToNormals(mesh);
      meshes.add(mesh);
    }
    return new ModelData(meshes, materials, reader.textures(), warnings, triangles);
  }

  /**
   * Single-sided meshes are drawn with back faces culled, so their winding must say which side is the front. A
   * mirrored glTF node (negative scale) reverses it, and pre-transforming the vertices does not undo that, while the
   * normals stay right: when most triangles face against their vertex normals, the mesh's winding is flipped.
   */
  static void orientWindingToNormals(ModelData.Mesh mesh) {
    float[] p = mesh.positions(), n = mesh.normals();
    int[] idx = mesh.indices();
    long agree = 0;
    for (int t = 0; t + 2 < idx.length; t += 3) {
      int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
      float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      float d = (uy * vz - uz * vy) * (n[a] + n[b] + n[c]) + (uz * vx - ux * vz) * (n[a + 1] + n[b + 1] + n[c + 1])
          + (ux * vy - uy * vx) * (n[a + 2] + n[b + 2] + n[c + 2]);
      if (d > 0) agree++;
      else if (d < 0) agree--;
    }
    if (agree >= 0) return;
    for (int t = 0; t + 2 < idx.length; t += 3) {
      int swap = idx[t + 1];
      idx[t + 1] = idx[t + 2];
      idx[t + 2] = swap;
    }
  }

  /** @param uvChannel the texture coordinate set the mesh's material is mapped with (the first one there is if absent) */
  private static ModelData.Mesh mesh(AIMesh m, int materialCount, int uvChannel) {
    int nv = m.mNumVertices();
    float[] pos = new float[nv * 3];
    MemoryUtil.memFloatBuffer(m.mVertices().address(), nv * 3).get(pos);
    float[] nrm = new float[nv * 3];
    AIVector3D.Buffer normals = m.mNormals();
    if (normals != null) MemoryUtil.memFloatBuffer(normals.address(), nv * 3).get(nrm);
    float[] uv = null;
    AIVector3D.Buffer tc = uvChannel < AI_MAX_NUMBER_OF_TEXTURECOORDS ? m.mTextureCoords(uvChannel) : null;
    for (int ch = 0; tc == null && ch < AI_MAX_NUMBER_OF_TEXTURECOORDS; ch++) tc = m.mTextureCoords(ch);
    if (tc != null) {
      float[] uvw = new float[nv * 3];
      MemoryUtil.memFloatBuffer(tc.address(), nv * 3).get(uvw);
      uv = new float[nv * 2];
      for (int v = 0; v < nv; v++) {
        uv[2 * v] = uvw[3 * v];
        uv[2 * v + 1] = uvw[3 * v + 1];
      }
    }
    float[] col = null;
    AIColor4D.Buffer colors = m.mColors(0);
    if (colors != null) {
      col = new float[nv * 4];
      MemoryUtil.memFloatBuffer(colors.address(), nv * 4).get(col);
    }
    int nf = m.mNumFaces();
    int[] idx = new int[nf * 3];
    AIFace.Buffer faces = m.mFaces();
    int k = 0;
    for (int f = 0; f < nf; f++) {
      AIFace face = faces.get(f);
      if (face.mNumIndices() != 3) continue;
      IntBuffer ib = face.mIndices();
      int a = ib.get(0), b = ib.get(1), c = ib.get(2);
      if (a >= nv || b >= nv || c >= nv || a < 0 || b < 0 || c < 0) continue;
      idx[k++] = a;
      idx[k++] = b;
      idx[k++] = c;
    }
    if (k != idx.length) idx = java.util.Arrays.copyOf(idx, k);
    int mat = m.mMaterialIndex();
    return new ModelData.Mesh(pos, nrm, uv, col, idx, mat >= 0 && mat < materialCount ? mat : 0);
  }
}
