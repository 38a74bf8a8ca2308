package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import org.lwjgl.system.MemoryUtil;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.lwjgl.util.meshoptimizer.MeshOptimizer.meshopt_simplify;

/**
 * Level of detail for thumbnails: a model with more triangles than the render can show (a 252k-triangle mesh in a
 * 256x256 image puts several triangles in every pixel) is simplified with meshoptimizer, each mesh in proportion, so
 * the renderer draws at most about the budget. Runs in the importer process, once per job.
 */
final class MeshSimplifier {
  private static final float TARGET_ERROR = 0.01f;   // relative to the mesh extent: invisible at thumbnail size

  private MeshSimplifier() {}

  static ModelData reduce(ModelData m, long budget) {
    long total = m.triangleCount();
    if (total <= budget) return m;
    double ratio = (double) budget / total;
    List<ModelData.Mesh> meshes = new ArrayList<>(m.meshes().size());
    for (ModelData.Mesh mesh : m.meshes()) {
      int tris = mesh.triangleCount();
      if (tris < 64) {
        meshes.add(mesh);
        continue;
      }
      int target = Math.max(3, (int) (tris * ratio) * 3);
      meshes.add(new ModelData.Mesh(mesh.positions(), mesh.normals(), mesh.uvs(), mesh.colors(),
          simplify(mesh.indices(), mesh.positions(), target), mesh.material()));
    }
    List<String> warnings = new ArrayList<>(m.warnings());
    ModelData reduced = new ModelData(meshes, m.materials(), m.textures(), warnings, m.sourceTriangles());
    warnings.add(String.format(Locale.ROOT, "simplified from %,d to %,d triangles for a thumbnail of this size", total, reduced.triangleCount()));
    return reduced;
  }

  private static int[] simplify(int[] indices, float[] positions, int targetIndices) {
    IntBuffer in = MemoryUtil.memAllocInt(indices.length);
    IntBuffer out = MemoryUtil.memAllocInt(indices.length);
    FloatBuffer pos = MemoryUtil.memAllocFloat(positions.length);
    try {
      in.put(indices).flip();
      pos.put(positions).flip();
      long n = meshopt_simplify(out, in, pos, positions.length / 3, 12, targetIndices, TARGET_ERROR, 0, null);
      // no sloppy fallback when the error bound stops it early: on CAD models (hard edges, seams) that tears holes
      if (n < 3) return indices;
      int[] result = new int[(int) n];
      out.get(0, result);
      return result;
    } finally {
      MemoryUtil.memFree(in);
      MemoryUtil.memFree(out);
      MemoryUtil.memFree(pos);
    }
  }
}
