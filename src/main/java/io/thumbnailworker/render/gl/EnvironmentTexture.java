package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.envmap.Panorama;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_CLAMP_TO_EDGE;
import static org.lwjgl.opengl.GL13.*;
import static org.lwjgl.opengl.GL30.GL_RGB16F;
import static org.lwjgl.opengl.GL30.glGenerateMipmap;
import static org.lwjgl.opengl.GL32.GL_TEXTURE_CUBE_MAP_SEAMLESS;

/**
 * One job's panorama on the GPU as half floats with a full mip chain: a 2D texture (wrapping around, clamped at the
 * poles) or a seamless cube map. The mip chain is the cheap prefilter: a box-filtered level per halving, which the
 * shaders pick by footprint and roughness. {@code texelAngle} is the angle one level-0 texel spans.
 */
final class EnvironmentTexture implements AutoCloseable {
  final int id;
  final boolean cube;
  final float texelAngle;
  final float maxLod;

  EnvironmentTexture(Panorama p) {
    cube = p.projection() == Panorama.Projection.CUBE;
    int target = cube ? GL_TEXTURE_CUBE_MAP : GL_TEXTURE_2D;
    id = glGenTextures();
    glActiveTexture(cube ? GL_TEXTURE1 : GL_TEXTURE0);
    glBindTexture(target, id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (cube) {
      for (int i = 0; i < 6; i++) {
        glTexImage2D(GL_TEXTURE_CUBE_MAP_POSITIVE_X + i, 0, GL_RGB16F, p.width(), p.height(), 0, GL_RGB, GL_FLOAT, p.images().get(i));
      }
      glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
      glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      texelAngle = (float) (Math.PI / 2 / p.width());
    } else {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB16F, p.width(), p.height(), 0, GL_RGB, GL_FLOAT, p.images().get(0));
      glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_REPEAT);
      glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      texelAngle = (float) (2 * Math.PI / p.width());
    }
    glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glGenerateMipmap(target);
    maxLod = (float) Math.floor(Math.log(Math.max(p.width(), p.height())) / Math.log(2));
  }

  @Override
  public void close() {
    glActiveTexture(cube ? GL_TEXTURE1 : GL_TEXTURE0);
    glBindTexture(cube ? GL_TEXTURE_CUBE_MAP : GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glDeleteTextures(id);
  }
}
