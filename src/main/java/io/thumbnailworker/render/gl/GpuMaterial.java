package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.ModelData;

import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL20.*;

/**
 * A material ready to draw with: the shader features it needs, its uniform values (colours linear, roughness terms
 * worked out once) and its textures. Built from a {@link ModelData.Material} and the job's {@link GpuTextures},
 * whatever the geometry: a model's meshes, or a generated shape showing a texture set's material. Owns no GL object
 * (the textures belong to the {@link GpuTextures}).
 */
final class GpuMaterial {
  private static final float[] NEUTRAL = ModelData.Material.neutral().baseColor();

  /** {@link Shaders} features, vertex colours aside. */
  final int features;
  final boolean doubleSided;
  final boolean blend;
  private final float alphaCutoff;
  private final int baseTex, normalTex, surfaceTex, emissiveTex;
  private final float[] baseColor = new float[4];
  private final float[] rough = new float[4];
  private final float metallic, roughness;
  private final float[] emissive, uvTransform;

  /**
   * @param textured the geometry has texture coordinates and textures are wanted; otherwise the maps are left out
   * @param vertexColours the geometry has vertex colours, which give colour to a material without any
   */
  GpuMaterial(ModelData.Material m, GpuTextures textures, boolean textured, boolean vertexColours) {
    ModelData.Maps maps = m.maps();
    baseTex = textured ? textures.get(maps.baseColor()) : 0;
    normalTex = textured ? textures.get(maps.normal()) : 0;
    surfaceTex = textured ? textures.get(maps.surface()) : 0;
    emissiveTex = textured ? textures.get(maps.emissive()) : 0;
    doubleSided = m.doubleSided();
    blend = m.blend();
    alphaCutoff = m.alphaCutoff();
    features = (baseTex != 0 ? Shaders.BASE_TEX : 0) | (normalTex != 0 ? Shaders.NORMAL_TEX : 0)
        | (surfaceTex != 0 ? Shaders.SURFACE_TEX : 0) | (emissiveTex != 0 ? Shaders.EMISSIVE_TEX : 0)
        | (blend ? Shaders.BLEND : 0) | (m.masked() ? Shaders.MASK : 0);
    float[] c = m.baseColor();
    if (!m.pbr() && baseTex == 0 && !vertexColours && c[0] >= 0.99f && c[1] >= 0.99f && c[2] >= 0.99f) {
      c = NEUTRAL;   // formats without colour (STL, PLY, OFF) come in as pure white: a light grey shows the shape
    }
    for (int i = 0; i < 3; i++) baseColor[i] = m.pbr() ? c[i] : (float) Math.pow(Math.max(0f, c[i]), 2.2);   // glTF factors are linear
    baseColor[3] = c[3];
    roughness = Math.max(0.05f, Math.min(1f, m.roughness()));
    float a = roughness * roughness;
    rough[0] = a * a;
    rough[1] = a * 0.5f;
    rough[2] = 1f - roughness;
    rough[3] = 1f - 0.65f * roughness;
    metallic = Math.max(0f, Math.min(1f, m.metallic()));
    emissive = m.emissive();
    uvTransform = maps.uvTransform();
  }

  /** Sets the material's uniforms in {@code p} (in use) and binds its textures. */
  void bind(Program p) {
    glUniform4f(p.uBaseColor(), baseColor[0], baseColor[1], baseColor[2], baseColor[3]);
    glUniform1f(p.uMetallic(), metallic);
    glUniform4f(p.uRough(), rough[0], rough[1], rough[2], rough[3]);
    glUniform1f(p.uRoughness(), roughness);
    glUniform3f(p.uEmissive(), emissive[0], emissive[1], emissive[2]);
    glUniform1f(p.uAlphaCutoff(), alphaCutoff);
    glUniform4f(p.uUvTransform(), uvTransform[0], uvTransform[1], uvTransform[2], uvTransform[3]);
    bindTexture(Program.BASE_UNIT, baseTex);
    bindTexture(Program.NORMAL_UNIT, normalTex);
    bindTexture(Program.SURFACE_UNIT, surfaceTex);
    bindTexture(Program.EMISSIVE_UNIT, emissiveTex);
  }

  private static void bindTexture(int unit, int texture) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_2D, texture);
  }
}
