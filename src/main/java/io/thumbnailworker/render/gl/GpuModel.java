package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.ModelData;
import org.lwjgl.system.MemoryUtil;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * A model's GL objects (one VAO with its buffers per mesh, one texture per used image), uploaded once per job and
 * deleted explicitly when the job ends, whether it succeeded or not. Parts are drawn opaque (and cut-out) ones first,
 * then the see-through ones, farthest first, so each blends over what lies behind it ({@link #drawOrder}).
 */
final class GpuModel implements AutoCloseable {
  /** {@code centre}: the middle of the mesh's bounding box, in model coordinates. */
  record Part(int vao, int[] buffers, int indexCount, GpuMaterial material, boolean hasColor, float[] centre) {
    int features() {
      return material.features | (hasColor ? Shaders.VERTEX_COLOR : 0);
    }
  }

  final List<Part> parts = new ArrayList<>();
  private final List<Part> order = new ArrayList<>();
  private int opaqueCount;
  private final GpuTextures textures;

  /** @param mipmapAbove see {@link GpuTextures} */
  GpuModel(ModelData model, boolean useTextures, int mipmapAbove) {
    textures = new GpuTextures(model.textures(), mipmapAbove);
    try {
      Map<Integer, GpuMaterial> materials = new HashMap<>();
      for (ModelData.Mesh mesh : model.meshes()) {
        if (mesh.indices().length == 0) continue;
        boolean textured = useTextures && mesh.uvs() != null, coloured = mesh.colors() != null;
        int key = 4 * mesh.material() + (textured ? 2 : 0) + (coloured ? 1 : 0);
        GpuMaterial material = materials.computeIfAbsent(key,
            k -> new GpuMaterial(model.materials().get(mesh.material()), textures, textured, coloured));
        parts.add(upload(mesh, material));
      }
      parts.sort(Comparator.comparing(p -> p.material().blend));
      opaqueCount = (int) parts.stream().filter(p -> !p.material().blend).count();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The parts in the order to draw them under view matrix {@code view}: opaque ones, then see-through ones from the
   * farthest to the nearest (by their centres' depth; the model matrix is a uniform positive scale and a shift, which
   * keeps that order).
   */
  List<Part> drawOrder(float[] view) {
    if (parts.size() - opaqueCount < 2) return parts;
    order.clear();
    order.addAll(parts);
    order.subList(opaqueCount, order.size()).sort(Comparator.comparingDouble(
        p -> view[2] * p.centre()[0] + view[6] * p.centre()[1] + view[10] * p.centre()[2]));
    return order;
  }

  private static float[] centre(float[] pos) {
    float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE}, hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
    for (int i = 0; i + 2 < pos.length; i += 3) {
      for (int k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k], pos[i + k]);
        hi[k] = Math.max(hi[k], pos[i + k]);
      }
    }
    return pos.length < 3 ? new float[3] : new float[] {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2};
  }

  private Part upload(ModelData.Mesh mesh, GpuMaterial material) {
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
    return new Part(vao, bufs.stream().mapToInt(Integer::intValue).toArray(), mesh.indices().length, material,
        mesh.colors() != null, centre(mesh.positions()));
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

  @Override
  public void close() {
    for (Part p : parts) {
      glDeleteVertexArrays(p.vao());
      glDeleteBuffers(p.buffers());
    }
    parts.clear();
    textures.close();
  }
}
