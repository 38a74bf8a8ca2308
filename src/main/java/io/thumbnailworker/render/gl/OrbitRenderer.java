package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.Framing;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.bus.RenderSettings;

import java.util.List;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL14.glBlendFuncSeparate;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * Draws the orbit frames of one model on the GL thread and hands each frame's pixels (0xAARRGGBB ints, rows
 * top-down) to a sink as soon as it is read back. Read-back is pipelined over two pixel buffers: frame i is
 * mapped while frame i+1 renders. Everything the job created is deleted before {@link #render} returns.
 */
public final class OrbitRenderer implements AutoCloseable {
  /** Receives frame {@code index}; the array is the sink's to keep (or to give back to the renderer's pool). */
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

  private final Program[] programs = new Program[Shaders.VARIANTS];   // compiled on first use
  private final FrameTarget target = new FrameTarget();
  private final FramePool framePool;

  /**
   * Compiles the plain variant now, so a broken GL shows at start-up rather than on the first job.
   * @param frames where frame arrays come from
   */
  public OrbitRenderer(FramePool frames) {
    this.framePool = frames;
    programs[0] = Program.create(0);
  }

  /**
   * Draws one frame of a textured triangle at the default size and throws it away: llvmpipe compiles a
   * shader variant on its first draw (a tenth of a second or more), and this way the commonest variant and the
   * anti-aliasing resolve are compiled while the first job is still being imported.
   */
  public void warmUp() {
    ModelData.Mesh mesh = new ModelData.Mesh(new float[] {-1, -1, 0, 1, -1, 0, 0, 1, 0}, new float[] {0, 0, 1, 0, 0, 1, 0, 0, 1},
        new float[] {0, 0, 1, 0, 0.5f, 1}, null, new int[] {0, 1, 2}, 0);
    ModelData.Material material = new ModelData.Material("", new float[] {1, 1, 1, 1}, 0f, 0.5f, new float[] {0, 0, 0},
        ModelData.Maps.of(0, -1), true, true, false);
    ModelData.Texture texture = new ModelData.Texture(2, 2, new byte[16]);
    ModelData model = new ModelData(List.of(mesh), List.of(material), List.of(texture), List.of(), 1);
    RenderSettings s = RenderSettings.defaults().withOrbit(0, 1, 15);
    render(model, Framing.compute(model, s), s, true, (i, px) -> { }, (done, total) -> { }, new Stats());
  }

  public void render(ModelData model, Framing framing, RenderSettings s, boolean textures, FrameSink sink,
                     Checkpoint checkpoint, Stats stats) {
    long t0 = System.nanoTime();
    int w = s.width(), h = s.height();
    // textures up to twice the drawn frame's size are sampled without mipmaps (2x2 supersampling draws 2x the pixels)
    GpuModel gpu = new GpuModel(model, textures, 2 * Math.max(w, h) * FrameTarget.drawScale(s.effectiveAntialiasing()));
    try {
      target.ensure(w, h, s.effectiveAntialiasing());
      prepare(gpu, framing, s);
      stats.drawNanos += System.nanoTime() - t0;
      drawFrames(gpu, framing, s, sink, checkpoint, stats);
      int err = glGetError();
      if (err != GL_NO_ERROR) throw new RenderException(RenderException.INTERNAL, "OpenGL error 0x" + Integer.toHexString(err) + " while rendering");
    } finally {
      gpu.close();
      resetState();
    }
  }

  /** Model and projection matrices into every program the model uses, and the job's fixed GL state. */
  private void prepare(GpuModel gpu, Framing framing, RenderSettings s) {
    float[] modelMatrix = Mat4.scaleTranslate(framing.scale(),
        new double[] {-framing.center()[0], -framing.center()[1], -framing.center()[2]});
    float[] projection = Mat4.perspective(framing.fovY(), (double) s.width() / s.height(), framing.near(), framing.far());
    for (GpuModel.Part p : gpu.parts) {
      Program prog = program(p);
      glUseProgram(prog.id());
      glUniformMatrix4fv(prog.uModel(), false, modelMatrix);
      glUniformMatrix4fv(prog.uProj(), false, projection);
    }
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glCullFace(GL_BACK);
    glDisable(GL_BLEND);
    float[] bg = s.backgroundRgba();
    // alpha is coverage even over an opaque background: the encoder outlines the silhouette by it (encode.Silhouette)
    glClearColor(bg[0], bg[1], bg[2], 0f);
  }

  /** Draws frame i while frame i-1 is read back, and hands each frame to the sink as soon as it is read. */
  private void drawFrames(GpuModel gpu, Framing framing, RenderSettings s, FrameSink sink, Checkpoint checkpoint, Stats stats) {
    int frameCount = s.frameCount();
    int pixels = s.width() * s.height();
    for (int i = 0; i < frameCount; i++) {
      checkpoint.check(i, frameCount);
      long t1 = System.nanoTime();
      target.beginFrame();
      double[][] basis = Framing.cameraBasis(s.angle(i), s.cameraHeight());
      double d = framing.distance();
      draw(gpu, Mat4.lookAt(new double[] {basis[0][0] * d, basis[0][1] * d, basis[0][2] * d}, new double[] {0, 0, 0}));
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

  private Program program(GpuModel.Part p) {
    int features = p.features();
    if (programs[features] == null) programs[features] = Program.create(features);
    return programs[features];
  }

  private void draw(GpuModel gpu, float[] view) {
    boolean blending = false;
    for (GpuModel.Part p : gpu.drawOrder(view)) {
      Program prog = program(p);
      glUseProgram(prog.id());
      glUniformMatrix4fv(prog.uView(), false, view);
      p.material().bind(prog);
      // culling single-sided materials' back faces saves shading hidden pixels
      if (p.material().doubleSided) glDisable(GL_CULL_FACE);
      else glEnable(GL_CULL_FACE);
      if (p.material().blend && !blending) {
        // see-through parts come last: colour over what is drawn, alpha accumulated for a transparent background
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
