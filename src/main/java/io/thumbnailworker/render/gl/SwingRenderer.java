package io.thumbnailworker.render.gl;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL14.glBlendFuncSeparate;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * Draws frames of a model that turns in front of a fixed camera (a texture set's preview shape), with the engine's
 * shaders and frame target, and hands each frame to a sink as it is read back (pipelined over two pixel buffers, as
 * {@link OrbitRenderer} does). The camera sits on +Z looking at the origin with a 45° field of view; frame i turns the
 * model by the Euler angles (x = -elevation, y = azimuth, in that order) of pose i. The shaders' lights are fixed
 * to the camera, so they stay where they are while the model turns. Everything a job creates is deleted before
 * {@link #render} returns.
 */
public final class SwingRenderer implements AutoCloseable {
  /** The pose of frame {@code i}: {@code [azimuth, elevation]} in degrees. */
  public interface Poses {
    double[] pose(int i);
  }

  private static final double FOV_Y = Math.toRadians(45);
  private final Program[] programs = new Program[Shaders.VARIANTS];
  private final FrameTarget target = new FrameTarget();
  private final FramePool framePool;

  public SwingRenderer(FramePool frames) {
    this.framePool = frames;
  }

  /** Draws {@code s.frameCount()} frames of {@code model} (already centred at the origin) at {@code distance}. */
  public void render(ModelData model, RenderSettings s, double distance, Poses poses, OrbitRenderer.FrameSink sink,
                     OrbitRenderer.Checkpoint checkpoint, OrbitRenderer.Stats stats) {
    long t0 = System.nanoTime();
    int w = s.width(), h = s.height();
    GpuModel gpu = new GpuModel(model, true, 2 * Math.max(w, h) * FrameTarget.drawScale(s.effectiveAntialiasing()));
    try {
      target.ensure(w, h, s.effectiveAntialiasing());
      float[] identity = Mat4.scaleTranslate(1, new double[] {0, 0, 0});
      float[] projection = Mat4.perspective(FOV_Y, (double) w / h, 0.1, 100);
      for (GpuModel.Part p : gpu.parts) {
        Program prog = program(p);
        glUseProgram(prog.id());
        glUniformMatrix4fv(prog.uModel(), false, identity);
        glUniformMatrix4fv(prog.uProj(), false, projection);
      }
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_LESS);
      glCullFace(GL_BACK);
      glDisable(GL_BLEND);
      float[] bg = s.backgroundRgba();
      glClearColor(bg[0], bg[1], bg[2], bg[3]);
      stats.drawNanos += System.nanoTime() - t0;
      drawFrames(gpu, s, distance, poses, sink, checkpoint, stats);
      int err = glGetError();
      if (err != GL_NO_ERROR) throw new RenderException(RenderException.INTERNAL, "OpenGL error 0x" + Integer.toHexString(err) + " while rendering");
    } finally {
      gpu.close();
      resetState();
    }
  }

  private void drawFrames(GpuModel gpu, RenderSettings s, double distance, Poses poses, OrbitRenderer.FrameSink sink,
                          OrbitRenderer.Checkpoint checkpoint, OrbitRenderer.Stats stats) {
    int frameCount = s.frameCount();
    int pixels = s.width() * s.height();
    for (int i = 0; i < frameCount; i++) {
      checkpoint.check(i, frameCount);
      long t1 = System.nanoTime();
      target.beginFrame();
      double[] pose = poses.pose(i);
      draw(gpu, view(distance, Math.toRadians(pose[0]), Math.toRadians(pose[1])));
      target.startReadback(i & 1);
      long t2 = System.nanoTime();
      stats.drawNanos += t2 - t1;
      if (i > 0) {
        int[] px = framePool.take(pixels);
        target.finishReadback((i - 1) & 1, px);
        stats.readbackNanos += System.nanoTime() - t2;
        sink.frame(i - 1, px);
      }
    }
    long t3 = System.nanoTime();
    int[] px = framePool.take(pixels);
    target.finishReadback((frameCount - 1) & 1, px);
    stats.readbackNanos += System.nanoTime() - t3;
    sink.frame(frameCount - 1, px);
  }

  /**
   * The camera's view times the model's turn, T(0, 0, -d) · Rx(-elevation) · Ry(azimuth), column-major. It goes in the
   * view matrix because the shader turns normals by the view matrix only; a rotation keeps them unit length.
   */
  static float[] view(double distance, double azimuth, double elevation) {
    double cx = Math.cos(-elevation), sx = Math.sin(-elevation), cy = Math.cos(azimuth), sy = Math.sin(azimuth);
    // rows of Rx · Ry
    double[][] r = {{cy, 0, sy}, {sx * sy, cx, -sx * cy}, {-cx * sy, sx, cx * cy}};
    float[] m = new float[16];
    for (int row = 0; row < 3; row++) for (int col = 0; col < 3; col++) m[col * 4 + row] = (float) r[row][col];
    m[14] = (float) -distance;
    m[15] = 1;
    return m;
  }

  private Program program(GpuModel.Part p) {
    int features = p.features();
    if (programs[features] == null) programs[features] = Program.create(features);
    return programs[features];
  }

  private void draw(GpuModel gpu, float[] view) {
    boolean blending = false;
    for (GpuModel.Part p : gpu.parts) {
      Program prog = program(p);
      glUseProgram(prog.id());
      glUniformMatrix4fv(prog.uView(), false, view);
      p.material().bind(prog);
      if (p.material().doubleSided) glDisable(GL_CULL_FACE);
      else glEnable(GL_CULL_FACE);
      if (p.material().blend && !blending) {
        glEnable(GL_BLEND);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        blending = true;
      }
      glBindVertexArray(p.vao());
      glDrawElements(GL_TRIANGLES, p.indexCount(), GL_UNSIGNED_INT, 0L);
    }
    if (blending) glDisable(GL_BLEND);
  }

  /** Leaves no job's bindings behind, and clears any GL error so it cannot be blamed on the next job. */
  private void resetState() {
    glBindVertexArray(0);
    for (int unit = Program.EMISSIVE_UNIT; unit >= 0; unit--) {
      glActiveTexture(GL_TEXTURE0 + unit);
      glBindTexture(GL_TEXTURE_2D, 0);
    }
    glUseProgram(0);
    glDisable(GL_CULL_FACE);
    glDisable(GL_BLEND);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++) { /* drain */ }
  }

  @Override
  public void close() {
    target.close();
    for (Program p : programs) if (p != null) glDeleteProgram(p.id());
  }
}
