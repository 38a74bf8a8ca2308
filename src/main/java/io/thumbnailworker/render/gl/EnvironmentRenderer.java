package io.thumbnailworker.render.gl;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.envmap.Panorama;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL20.*;
import static org.lwjgl.opengl.GL30.*;

/**
 * Draws the orbit of an environment map (Modelibr's preview, modelibr-assets §2.2): the panorama as the background
 * and a chrome sphere of radius {@value #RADIUS} at the origin reflecting it, seen by a camera that circles the sphere
 * {@value #ELEVATION_DEG}° above the horizon at distance {@value #DISTANCE} with a 45° field of view, frame i at the
 * settings' angle i. Frames are read back through the shared {@link FrameTarget} pipeline and handed to the sink as
 * in {@link OrbitRenderer}; the job's texture is deleted before {@link #render} returns.
 */
public final class EnvironmentRenderer implements AutoCloseable {
  public static final double ELEVATION_DEG = 8;
  public static final double DISTANCE = 5.382;
  public static final double RADIUS = 1.3;
  /** The sphere's roughness, as the angle its reflection is blurred over (a box-filtered mip level of that width). */
  static final float BLUR_ANGLE = 2 * 0.08f;
  /** Modelibr's environment intensity on the sphere. */
  static final float INTENSITY = 1.2f;
  private static final int SEGMENTS = 96, RINGS = 48;

  private final FrameTarget target = new FrameTarget();
  private final FramePool framePool;
  /** [cube ? 1 : 0][BACKGROUND or SPHERE], compiled on first use. */
  private final int[][] programs = new int[2][2];
  private final int emptyVao, sphereVao, sphereVbo, sphereIbo, sphereIndices;

  public EnvironmentRenderer(FramePool frames) {
    this.framePool = frames;
    emptyVao = glGenVertexArrays();
    sphereVao = glGenVertexArrays();
    sphereVbo = glGenBuffers();
    sphereIbo = glGenBuffers();
    glBindVertexArray(sphereVao);
    glBindBuffer(GL_ARRAY_BUFFER, sphereVbo);
    glBufferData(GL_ARRAY_BUFFER, spherePositions(), GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, false, 12, 0L);
    int[] indices = sphereIndices();
    sphereIndices = indices.length;
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, sphereIbo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices, GL_STATIC_DRAW);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }

  /** Draws every frame of {@code p} with {@code s} (size, anti-aliasing, angles) and hands each to {@code sink}. */
  public void render(Panorama p, RenderSettings s, OrbitRenderer.FrameSink sink, OrbitRenderer.Checkpoint checkpoint,
                     OrbitRenderer.Stats stats) {
    long t0 = System.nanoTime();
    EnvironmentTexture texture = new EnvironmentTexture(p);
    try {
      target.ensure(s.width(), s.height(), s.effectiveAntialiasing());
      int[] progs = programs(texture.cube);
      for (int prog : progs) {
        glUseProgram(prog);
        glUniform1f(glGetUniformLocation(prog, "uTexelAngle"), texture.texelAngle);
        glUniform1f(glGetUniformLocation(prog, "uMaxLod"), texture.maxLod);
      }
      glUseProgram(progs[1]);
      glUniform1f(glGetUniformLocation(progs[1], "uRadius"), (float) RADIUS);
      glUniform1f(glGetUniformLocation(progs[1], "uBlurAngle"), BLUR_ANGLE);
      glUniform1f(glGetUniformLocation(progs[1], "uIntensity"), INTENSITY);
      glClearColor(0, 0, 0, 1);
      stats.drawNanos += System.nanoTime() - t0;
      drawFrames(progs, s, sink, checkpoint, stats);
      int err = glGetError();
      if (err != GL_NO_ERROR) throw new RenderException(RenderException.INTERNAL, "OpenGL error 0x" + Integer.toHexString(err) + " while rendering");
    } finally {
      texture.close();
      glBindVertexArray(0);
      glUseProgram(0);
      glDisable(GL_DEPTH_TEST);
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; i++) { /* drain */ }
    }
  }

  /** Draws frame i while frame i-1 is read back, as {@link OrbitRenderer} does. */
  private void drawFrames(int[] progs, RenderSettings s, OrbitRenderer.FrameSink sink, OrbitRenderer.Checkpoint checkpoint,
                          OrbitRenderer.Stats stats) {
    int frameCount = s.frameCount();
    int pixels = s.width() * s.height();
    for (int i = 0; i < frameCount; i++) {
      checkpoint.check(i, frameCount);
      long t1 = System.nanoTime();
      target.beginFrame();
      draw(progs, s, Math.toRadians(s.angle(i)));
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

  private void draw(int[] progs, RenderSettings s, double azimuth) {
    double e = Math.toRadians(ELEVATION_DEG);
    double[] eye = {DISTANCE * Math.cos(e) * Math.sin(azimuth), DISTANCE * Math.sin(e), DISTANCE * Math.cos(e) * Math.cos(azimuth)};
    double[] forward = Mat4.normalize(Mat4.sub(new double[3], eye));
    double[] right = Mat4.normalize(Mat4.cross(forward, new double[] {0, 1, 0}));
    double[] up = Mat4.cross(right, forward);
    double aspect = (double) s.width() / s.height();
    double tan = Math.tan(Math.toRadians(45) / 2);

    glDisable(GL_DEPTH_TEST);   // the background is behind everything: drawn first, without depth
    glUseProgram(progs[0]);
    glUniform3f(glGetUniformLocation(progs[0], "uRight"), (float) right[0], (float) right[1], (float) right[2]);
    glUniform3f(glGetUniformLocation(progs[0], "uUp"), (float) up[0], (float) up[1], (float) up[2]);
    glUniform3f(glGetUniformLocation(progs[0], "uForward"), (float) forward[0], (float) forward[1], (float) forward[2]);
    glUniform2f(glGetUniformLocation(progs[0], "uTan"), (float) (tan * aspect), (float) tan);
    glBindVertexArray(emptyVao);
    glDrawArrays(GL_TRIANGLES, 0, 3);

    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glUseProgram(progs[1]);
    float[] viewProj = multiply(Mat4.perspective(Math.toRadians(45), aspect, 0.1, 100), Mat4.lookAt(eye, new double[3]));
    glUniformMatrix4fv(glGetUniformLocation(progs[1], "uViewProj"), false, viewProj);
    glUniform3f(glGetUniformLocation(progs[1], "uEye"), (float) eye[0], (float) eye[1], (float) eye[2]);
    glBindVertexArray(sphereVao);
    glDrawElements(GL_TRIANGLES, sphereIndices, GL_UNSIGNED_INT, 0L);
  }

  private int[] programs(boolean cube) {
    int[] p = programs[cube ? 1 : 0];
    if (p[0] == 0) p[0] = EnvironmentShaders.program(EnvironmentShaders.BACKGROUND, cube);
    if (p[1] == 0) p[1] = EnvironmentShaders.program(EnvironmentShaders.SPHERE, cube);
    return p;
  }

  /** Column-major a·b. */
  private static float[] multiply(float[] a, float[] b) {
    float[] m = new float[16];
    for (int c = 0; c < 4; c++) {
      for (int r = 0; r < 4; r++) {
        float v = 0;
        for (int k = 0; k < 4; k++) v += a[k * 4 + r] * b[c * 4 + k];
        m[c * 4 + r] = v;
      }
    }
    return m;
  }

  /** Unit-sphere positions (which are also its normals), {@value #SEGMENTS} around by {@value #RINGS} from pole to pole. */
  private static float[] spherePositions() {
    float[] v = new float[3 * (SEGMENTS + 1) * (RINGS + 1)];
    int o = 0;
    for (int r = 0; r <= RINGS; r++) {
      double theta = Math.PI * r / RINGS;
      for (int sgm = 0; sgm <= SEGMENTS; sgm++) {
        double phi = 2 * Math.PI * sgm / SEGMENTS;
        v[o++] = (float) (Math.sin(theta) * Math.cos(phi));
        v[o++] = (float) Math.cos(theta);
        v[o++] = (float) (Math.sin(theta) * Math.sin(phi));
      }
    }
    return v;
  }

  private static int[] sphereIndices() {
    int[] idx = new int[6 * SEGMENTS * RINGS];
    int o = 0;
    for (int r = 0; r < RINGS; r++) {
      for (int s = 0; s < SEGMENTS; s++) {
        int a = r * (SEGMENTS + 1) + s, b = a + SEGMENTS + 1;
        idx[o++] = a; idx[o++] = b; idx[o++] = a + 1;
        idx[o++] = a + 1; idx[o++] = b; idx[o++] = b + 1;
      }
    }
    return idx;
  }

  @Override
  public void close() {
    target.close();
    for (int[] pair : programs) for (int p : pair) if (p != 0) glDeleteProgram(p);
    glDeleteVertexArrays(new int[] {emptyVao, sphereVao});
    glDeleteBuffers(new int[] {sphereVbo, sphereIbo});
  }
}
