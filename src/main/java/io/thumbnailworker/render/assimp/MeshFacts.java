package io.thumbnailworker.render.assimp;

import org.lwjgl.PointerBuffer;
import org.lwjgl.assimp.AIBone;
import org.lwjgl.assimp.AIFace;
import org.lwjgl.assimp.AIMesh;
import org.lwjgl.system.MemoryUtil;

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

  /**
   * Faces of 3 or more corners fanned into triangles; faces that name a vertex the mesh lacks are left out. Read from
   * the native face array directly: a wrapper object per face would cost more than the reading.
   */
  private static int[] triangles(AIMesh m, int nv) {
    int nf = m.mNumFaces();
    long faces = nf == 0 ? 0 : m.mFaces().address();
    long count = 0;
    for (int f = 0; f < nf; f++) count += Math.max(0, corners(faces, f) - 2);
    int[] out = new int[Math.toIntExact(count * 3)];
    int k = 0;
    for (int f = 0; f < nf; f++) {
      int n = corners(faces, f);
      if (n < 3) continue;
      long ib = MemoryUtil.memGetAddress(faces + (long) f * AIFace.SIZEOF + AIFace.MINDICES);
      boolean valid = true;
      for (int i = 0; i < n; i++) {
        int v = MemoryUtil.memGetInt(ib + 4L * i);
        valid &= v >= 0 && v < nv;
      }
      if (!valid) continue;
      int first = MemoryUtil.memGetInt(ib);
      for (int i = 1; i + 1 < n; i++) {
        out[k++] = first;
        out[k++] = MemoryUtil.memGetInt(ib + 4L * i);
        out[k++] = MemoryUtil.memGetInt(ib + 4L * (i + 1));
      }
    }
    return k == out.length ? out : java.util.Arrays.copyOf(out, k);
  }

  private static int corners(long faces, int f) {
    return MemoryUtil.memGetInt(faces + (long) f * AIFace.SIZEOF + AIFace.MNUMINDICES);
  }

  /** {min, max} of the local vertices, or null when there are none. */
  double[][] localBounds() {
    return Bounds.of(positions, null).orElse(null);
  }
}
