package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.ModelData;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_UNSIGNED_INT_8_8_8_8;
import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * A model's GL objects (one VAO with its buffers per mesh, one texture per used image), uploaded once per job and
 * deleted explicitly when the job ends, whether it succeeded or not.
 */
final class GpuModel implements AutoCloseable {
  record Part(int vao, int[] buffers, int indexCount, ModelData.Material material, int baseTex, int normalTex,
              boolean hasUv, boolean hasColor) {}

  final List<Part> parts = new ArrayList<>();
  private final List<Integer> textures = new ArrayList<>();
  private final int mipmapAbove;

  /**
   * @param mipmapAbove textures larger than this many texels on a side get mipmaps and trilinear filtering; smaller ones
   *     are sampled bilinearly from the full image (see {@link #texture})
   */
  GpuModel(ModelData model, boolean useTextures, int mipmapAbove) {
    this.mipmapAbove = mipmapAbove;
    try {
      int[] baseTex = new int[model.textures().size()];
      int[] normalTex = new int[model.textures().size()];
      for (ModelData.Mesh mesh : model.meshes()) {
        if (mesh.indices().length == 0) continue;
        ModelData.Material mat = model.materials().get(mesh.material());
        boolean hasUv = mesh.uvs() != null;
        int bt = useTextures && hasUv && mat.baseColorTexture() >= 0 ? texture(model, mat.baseColorTexture(), baseTex) : 0;
        int nt = useTextures && hasUv && mat.normalTexture() >= 0 ? texture(model, mat.normalTexture(), normalTex) : 0;
        parts.add(upload(mesh, mat, bt, nt));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Part upload(ModelData.Mesh mesh, ModelData.Material mat, int baseTex, int normalTex) {
    int vao = glGenVertexArrays();
    glBindVertexArray(vao);
    List<Integer> bufs = new ArrayList<>();
    bufs.add(attribute(0, 3, mesh.positions()));
    bufs.add(attribute(1, 3, mesh.normals()));
    if (mesh.uvs() != null) bufs.add(attribute(2, 2, mesh.uvs()));
    else glVertexAttrib2f(2, 0f, 0f);
    if (mesh.colors() != null) bufs.add(attribute(3, 4, mesh.colors()));
    else glVertexAttrib4f(3, 1f, 1f, 1f, 1f);
    int ebo = glGenBuffers();
    bufs.add(ebo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo);
    IntBuffer ib = MemoryUtil.memAllocInt(mesh.indices().length);
    try {
      ib.put(mesh.indices()).flip();
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, ib, GL_STATIC_DRAW);
    } finally {
      MemoryUtil.memFree(ib);
    }
    glBindVertexArray(0);
    return new Part(vao, bufs.stream().mapToInt(Integer::intValue).toArray(), mesh.indices().length, mat, baseTex,
        normalTex, mesh.uvs() != null, mesh.colors() != null);
  }

  private static int attribute(int location, int size, float[] data) {
    int vbo = glGenBuffers();
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    FloatBuffer fb = MemoryUtil.memAllocFloat(data.length);
    try {
      fb.put(data).flip();
      glBufferData(GL_ARRAY_BUFFER, fb, GL_STATIC_DRAW);
    } finally {
      MemoryUtil.memFree(fb);
    }
    glEnableVertexAttribArray(location);
    glVertexAttribPointer(location, size, GL_FLOAT, false, 0, 0L);
    return vbo;
  }

  /**
   * Plain RGBA8 for colour textures too: the shader decodes sRGB after filtering (see {@link Shaders}). Mipmaps only
   * for textures well above the frame's size: below that, the supersampled frame minifies them little and its 2x2
   * average filters the rest, and plain bilinear sampling saves llvmpipe the level-of-detail computation and half the
   * texel fetches plus building the mipmaps.
   */
  private int texture(ModelData model, int index, int[] cache) {
    if (index >= model.textures().size()) return 0;
    if (cache[index] != 0) return cache[index];
    ModelData.Texture t = model.textures().get(index);
    int tex = glGenTextures();
    textures.add(tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    ByteBuffer px = MemoryUtil.memAlloc(t.abgr().length);
    try {
      px.put(t.abgr()).flip();
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      // bytes are A,B,G,R: read as one little-endian 8_8_8_8 word per pixel that is R,G,B,A from the top bits down
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, t.width(), t.height(), 0, GL_RGBA, GL_UNSIGNED_INT_8_8_8_8, px);
    } finally {
      MemoryUtil.memFree(px);
    }
    if (Math.max(t.width(), t.height()) > mipmapAbove) {
      glGenerateMipmap(GL_TEXTURE_2D);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    } else {
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    }
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
    glBindTexture(GL_TEXTURE_2D, 0);
    cache[index] = tex;
    return tex;
  }

  @Override
  public void close() {
    for (Part p : parts) {
      glDeleteVertexArrays(p.vao());
      glDeleteBuffers(p.buffers());
    }
    parts.clear();
    for (int t : textures) glDeleteTextures(t);
    textures.clear();
  }

}
