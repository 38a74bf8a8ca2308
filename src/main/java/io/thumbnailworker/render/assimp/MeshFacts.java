package io.thumbnailworker.render.assimp;

import org.lwjgl.PointerBuffer;
import org.lwjgl.assimp.AIBone;
import org.lwjgl.assimp.AIFace;
import org.lwjgl.assimp.AIMesh;
import org.lwjgl.system.MemoryUtil;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.lwjgl.assimp.Assimp.aiPrimitiveType_LINE;
import static org.lwjgl.assimp.Assimp.aiPrimitiveType_POINT;

/**
 * What the scene graph says about one mesh of the file as read, before any post-processing: its vertices in its own
 * space, its faces fanned into triangles (a polygon of n corners counts n - 2), whether it has texture coordinates,
 * its geometry hash and local bounds, its material and the bones that deform it.
 *
 * @param kind {@code mesh}, {@code skinnedMesh} (has bones), {@code points} or {@code line} (no faces of 3+ corners)
 */
record MeshFacts(String name, String kind, float[] positions, int triangleCount, boolean hasUvs, String geometryHash,
                 int material, List<String> bones) {

  int vertexCount() { return positions.length / 3; }

  /** A triangle mesh, skinned or not: what three.js counts as a mesh object. */
  boolean isMesh() { return kind.equals("mesh") || kind.equals("skinnedMesh"); }

  static MeshFacts read(AIMesh m) {
    int nv = m.mNumVertices();
    float[] pos = new float[nv * 3];
    if (nv > 0) MemoryUtil.memFloatBuffer(m.mVertices().address(), nv * 3).get(pos);
    int[] triangles = triangles(m, nv);
    List<String> bones = new ArrayList<>();
    PointerBuffer bonePtrs = m.mBones();
    for (int i = 0; bonePtrs != null && i < m.mNumBones(); i++) bones.add(AIBone.create(bonePtrs.get(i)).mName().dataString());
    String kind;
    if (triangles.length > 0) kind = bones.isEmpty() ? "mesh" : "skinnedMesh";
    else if ((m.mPrimitiveTypes() & aiPrimitiveType_LINE) != 0) kind = "line";
    else if ((m.mPrimitiveTypes() & aiPrimitiveType_POINT) != 0) kind = "points";
    else kind = "mesh";
    return new MeshFacts(m.mName().dataString(), kind, pos, triangles.length / 3, m.mTextureCoords(0) != null,
        GeometryHash.of(pos, triangles), m.mMaterialIndex(), List.copyOf(bones));
  }

  /** Faces of 3 or more corners fanned into triangles; faces that name a vertex the mesh lacks are left out. */
  private static int[] triangles(AIMesh m, int nv) {
    AIFace.Buffer faces = m.mFaces();
    int nf = m.mNumFaces();
    long count = 0;
    for (int f = 0; f < nf; f++) count += Math.max(0, faces.get(f).mNumIndices() - 2);
    int[] out = new int[Math.toIntExact(count * 3)];
    int k = 0;
    for (int f = 0; f < nf; f++) {
      AIFace face = faces.get(f);
      int n = face.mNumIndices();
      if (n < 3) continue;
      IntBuffer ib = face.mIndices();
      boolean valid = true;
      for (int i = 0; i < n; i++) valid &= ib.get(i) >= 0 && ib.get(i) < nv;
      if (!valid) continue;
      for (int i = 1; i + 1 < n; i++) {
        out[k++] = ib.get(0);
        out[k++] = ib.get(i);
        out[k++] = ib.get(i + 1);
      }
    }
    return k == out.length ? out : java.util.Arrays.copyOf(out, k);
  }

  /** {min, max} of the local vertices, or null when there are none. */
  double[][] localBounds() {
    return Bounds.of(positions, null).orElse(null);
  }
}
