package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.Framing;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderSettings;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.GL_TEXTURE1;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * Draws the orbit frames of one model on the GL thread and hands each frame's pixels (0xAARRGGBB ints, rows
 * top-down) to a sink as soon as it is read back. Read-back is pipelined over two pixel buffers: frame i is
 * mapped while frame i+1 renders. Everything the job created is deleted before {@link #render} returns.
 */
public final class OrbitRenderer implements AutoCloseable {
  /** Receives frame {@code index}; the array is the sink's to keep. */
  public interface FrameSink {
    void frame(int index, int[] argb);
  }

  /** Thrown by the check between frames to stop the render. */
  public interface Checkpoint {
    void check(int framesDone, int frameCount);
  }

  /** Wall time spent drawing (incl. upload) and reading back, in nanoseconds. */
  public static final class Stats {
    public long drawNanos;
    public long readbackNanos;
  }

  private static final float[] NEUTRAL = ModelData.Material.neutral().baseColor();
  private final int program;
  private final int uModel, uView, uProj, uBaseColor, uMetallic, uRoughness, uEmissive, uLinearFactor, uHasBaseTex,
      uHasNormalTex, uBaseTex, uNormalTex;
  private final FrameTarget target = new FrameTarget();

  public OrbitRenderer() {
    program = Shaders.program();
    uModel = glGetUniformLocation(program, "uModel");
    uView = glGetUniformLocation(program, "uView");
    uProj = glGetUniformLocation(program, "uProj");
    uBaseColor = glGetUniformLocation(program, "uBaseColor");
    uMetallic = glGetUniformLocation(program, "uMetallic");
    uRoughness = glGetUniformLocation(program, "uRoughness");
    uEmissive = glGetUniformLocation(program, "uEmissive");
    uLinearFactor = glGetUniformLocation(program, "uLinearFactor");
    uHasBaseTex = glGetUniformLocation(program, "uHasBaseTex");
    uHasNormalTex = glGetUniformLocation(program, "uHasNormalTex");
    uBaseTex = glGetUniformLocation(program, "uBaseTex");
    uNormalTex = glGetUniformLocation(program, "uNormalTex");
  }

  public void render(ModelData model, Framing framing, RenderSettings s, boolean textures, FrameSink sink,
                     Checkpoint checkpoint, Stats stats) {
    long t0 = System.nanoTime();
    int frames = s.frameCount();
    int w = s.width(), h = s.height();
    GpuModel gpu = new GpuModel(model, textures);
    try {
      target.ensure(w, h, s.antialiasing());
      glUseProgram(program);
      glUniform1i(uBaseTex, 0);
      glUniform1i(uNormalTex, 1);
      glUniformMatrix4fv(uModel, false, Mat4.scaleTranslate(framing.scale(),
          new double[] {-framing.center()[0], -framing.center()[1], -framing.center()[2]}));
      glUniformMatrix4fv(uProj, false, Mat4.perspective(framing.fovY(), (double) w / h, framing.near(), framing.far()));
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_LESS);
      glDisable(GL_CULL_FACE);
      glDisable(GL_BLEND);
      float[] bg = s.backgroundRgba();
      glClearColor(bg[0], bg[1], bg[2], bg[3]);
      stats.drawNanos += System.nanoTime() - t0;
      for (int i = 0; i < frames; i++) {
        checkpoint.check(i, frames);
        long t1 = System.nanoTime();
        target.bindForDrawing();
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        double[][] basis = Framing.cameraBasis(s.angle(i), s.cameraHeight());
        double d = framing.distance();
        glUniformMatrix4fv(uView, false, Mat4.lookAt(new double[] {basis[0][0] * d, basis[0][1] * d, basis[0][2] * d}, new double[] {0, 0, 0}));
        draw(gpu);
        target.startReadback(i & 1);
        long t2 = System.nanoTime();
        stats.drawNanos += t2 - t1;
        if (i > 0) {
          int[] px = new int[w * h];
          target.finishReadback((i - 1) & 1, px);
          stats.readbackNanos += System.nanoTime() - t2;
          sink.frame(i - 1, px);
        }
      }
      long t3 = System.nanoTime();
      int[] px = new int[w * h];
      target.finishReadback((frames - 1) & 1, px);
      stats.readbackNanos += System.nanoTime() - t3;
      sink.frame(frames - 1, px);
      int err = glGetError();
      if (err != GL_NO_ERROR) throw new RenderException(RenderException.INTERNAL, "OpenGL error 0x" + Integer.toHexString(err) + " while rendering");
    } finally {
      gpu.close();
      resetState();
    }
  }

  private void draw(GpuModel gpu) {
    for (GpuModel.Part p : gpu.parts) {
      ModelData.Material m = p.material();
      float[] c = m.baseColor();
      if (!m.pbr() && p.baseTex() == 0 && !p.hasColor() && c[0] >= 0.99f && c[1] >= 0.99f && c[2] >= 0.99f) {
        c = NEUTRAL;   // formats without colour (STL, PLY, OFF) come in as pure white: a light grey shows the shape
      }
      glUniform4f(uBaseColor, c[0], c[1], c[2], 1f);
      glUniform1f(uMetallic, m.metallic());
      glUniform1f(uRoughness, m.roughness());
      float[] e = m.emissive();
      glUniform3f(uEmissive, e[0], e[1], e[2]);
      glUniform1i(uLinearFactor, m.pbr() ? 1 : 0);
      glUniform1i(uHasBaseTex, p.baseTex() != 0 ? 1 : 0);
      glUniform1i(uHasNormalTex, p.normalTex() != 0 ? 1 : 0);
      glActiveTexture(GL_TEXTURE0);
      glBindTexture(GL_TEXTURE_2D, p.baseTex());
      glActiveTexture(GL_TEXTURE1);
      glBindTexture(GL_TEXTURE_2D, p.normalTex());
      glBindVertexArray(p.vao());
      glDrawElements(GL_TRIANGLES, p.indexCount(), GL_UNSIGNED_INT, 0L);
    }
  }

  /** Leaves no job's bindings behind, and clears any GL error so it cannot be blamed on the next job. */
  private void resetState() {
    glBindVertexArray(0);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++) { /* drain */ }
  }

  @Override
  public void close() {
    target.close();
    glDeleteProgram(program);
  }
}
