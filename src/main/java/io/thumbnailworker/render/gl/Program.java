package io.thumbnailworker.render.gl;

import static org.lwjgl.opengl.GL20.*;

/**
 * One linked shader variant ({@link Shaders#program}) and its uniform locations; texture units 0 to 3 hold the base
 * colour, normal, surface and emissive maps.
 */
record Program(int id, int uModel, int uView, int uProj, int uUvTransform, int uBaseColor, int uMetallic, int uRough,
               int uRoughness, int uEmissive, int uAlphaCutoff) {
  static final int BASE_UNIT = 0, NORMAL_UNIT = 1, SURFACE_UNIT = 2, EMISSIVE_UNIT = 3;

  static Program create(int features) {
    int id = Shaders.program(features);
    glUseProgram(id);
    glUniform1i(glGetUniformLocation(id, "uBaseTex"), BASE_UNIT);
    glUniform1i(glGetUniformLocation(id, "uNormalTex"), NORMAL_UNIT);
    glUniform1i(glGetUniformLocation(id, "uSurfaceTex"), SURFACE_UNIT);
    glUniform1i(glGetUniformLocation(id, "uEmissiveTex"), EMISSIVE_UNIT);
    return new Program(id, glGetUniformLocation(id, "uModel"), glGetUniformLocation(id, "uView"),
        glGetUniformLocation(id, "uProj"), glGetUniformLocation(id, "uUvTransform"),
        glGetUniformLocation(id, "uBaseColor"), glGetUniformLocation(id, "uMetallic"),
        glGetUniformLocation(id, "uRough"), glGetUniformLocation(id, "uRoughness"),
        glGetUniformLocation(id, "uEmissive"), glGetUniformLocation(id, "uAlphaCutoff"));
  }
}
