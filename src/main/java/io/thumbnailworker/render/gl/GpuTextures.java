package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.ModelData;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.util.List;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_UNSIGNED_INT_8_8_8_8;
import static org.lwjgl.opengl.GL30.glGenerateMipmap;

/**
 * A job's decoded textures as GL textures, each uploaded on first use and once however many materials share it, and
 * all deleted by {@link #close}.
 */
final class GpuTextures implements AutoCloseable {
  private final List<ModelData.Texture> textures;
  private final int[] names;
  private final int mipmapAbove;

  /**
   * @param mipmapAbove textures larger than this many texels on a side get mipmaps and trilinear filtering; smaller ones
   *     are sampled bilinearly from the full image (see {@link #get})
   */
  GpuTextures(List<ModelData.Texture> textures, int mipmapAbove) {
    this.textures = textures;
    this.names = new int[textures.size()];
    this.mipmapAbove = mipmapAbove;
  }

  /**
   * The GL texture of texture {@code index}, repeating; 0 for none (-1 or out of range). Plain RGBA8 for colour
   * textures too: the shader decodes sRGB after filtering (see {@link Shaders}). Mipmaps only for textures well above
   * the frame's size: below that, the supersampled frame minifies them little and its 2x2 average filters the rest,
   * and plain bilinear sampling saves llvmpipe the level-of-detail computation and half the texel fetches plus
   * building the mipmaps.
   */
  int get(int index) {
    if (index < 0 || index >= textures.size()) return 0;
    if (names[index] != 0) return names[index];
    ModelData.Texture t = textures.get(index);
    int tex = glGenTextures();
    names[index] = tex;
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
    return tex;
  }

  @Override
  public void close() {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != 0) glDeleteTextures(names[i]);
      names[i] = 0;
    }
  }
}
