package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.RenderException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_BGRA;
import static org.lwjgl.opengl.GL12.GL_UNSIGNED_INT_8_8_8_8_REV;
import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL21.GL_PIXEL_PACK_BUFFER;
import static org.lwjgl.opengl.GL30.*;

/**
 * Off-screen render target: an anti-aliasing framebuffer (2x2 supersampled, or 4x MSAA; colour + depth
 * renderbuffers) resolved by a blit into a single-sample one, read back asynchronously through two pixel-pack
 * buffers. Kept across jobs and rebuilt only when the size or anti-aliasing method changes. FXAA needs nothing here:
 * the frame is drawn once per pixel and filtered after read-back ({@code encode.Fxaa}).
 */
final class FrameTarget implements AutoCloseable {
  static final int SAMPLES = 4;
  private int width, height, samples = -1;
  private int msFbo, msColor, msDepth;
  private int fbo, color, depth;
  private final int[] pbo = new int[2];

  /** Pixels drawn per output pixel along each axis for an effective anti-aliasing method ({@code none}, {@code ssaa}…). */
  static int drawScale(String antialiasing) {
    return antialiasing.equals("ssaa") ? 2 : 1;
  }

  void ensure(int w, int h, String antialiasing) {
    int s = switch (antialiasing) {
      case "ssaa" -> -2;
      case "msaa" -> SAMPLES;
      default -> 0;
    };
    if (w == width && h == height && s == samples && fbo != 0) return;
    close();
    width = w;
    height = h;
    samples = s;
    fbo = glGenFramebuffers();
    color = glGenRenderbuffers();
    depth = glGenRenderbuffers();
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glBindRenderbuffer(GL_RENDERBUFFER, color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
    glBindRenderbuffer(GL_RENDERBUFFER, depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, depth);
    check("resolve");
    if (s != 0) {
      int scale = s < 0 ? 2 : 1;
      msFbo = glGenFramebuffers();
      msColor = glGenRenderbuffers();
      msDepth = glGenRenderbuffers();
      glBindFramebuffer(GL_FRAMEBUFFER, msFbo);
      glBindRenderbuffer(GL_RENDERBUFFER, msColor);
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, Math.max(s, 0), GL_RGBA8, w * scale, h * scale);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, msColor);
      glBindRenderbuffer(GL_RENDERBUFFER, msDepth);
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, Math.max(s, 0), GL_DEPTH24_STENCIL8, w * scale, h * scale);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, msDepth);
      check("multisample");
    }
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glGenBuffers(pbo);
    for (int b : pbo) {
      glBindBuffer(GL_PIXEL_PACK_BUFFER, b);
      glBufferData(GL_PIXEL_PACK_BUFFER, (long) w * h * 4, GL_STREAM_READ);
    }
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }

  private static void check(String which) {
    int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
      throw new RenderException(RenderException.INTERNAL, "the " + which + " framebuffer is incomplete (status 0x" + Integer.toHexString(status) + ")");
    }
  }

  /** Binds the framebuffer to draw into (viewport set, scissor off) and clears it. */
  void beginFrame() {
    glBindFramebuffer(GL_FRAMEBUFFER, samples != 0 ? msFbo : fbo);
    int scale = samples < 0 ? 2 : 1;
    glViewport(0, 0, width * scale, height * scale);
    glDisable(GL_SCISSOR_TEST);   // blits obey the scissor test: keep it off so the whole frame resolves
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  }

  /** Resolves MSAA and starts reading the frame into pixel buffer {@code slot} (0 or 1). */
  void startReadback(int slot) {
    if (samples > 0) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, msFbo);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
      glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    } else if (samples < 0) {
      // 2:1 linear blit samples the centre of each 2x2 block: an exact box filter
      glBindFramebuffer(GL_READ_FRAMEBUFFER, msFbo);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
      glBlitFramebuffer(0, 0, width * 2, height * 2, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo[slot]);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    // BGRA + 8_8_8_8_REV: each pixel is one int 0xAARRGGBB, which is exactly BufferedImage's INT_ARGB/INT_RGB layout
    glReadPixels(0, 0, width, height, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  }

  /** Copies pixel buffer {@code slot} into {@code dst} (width*height ints), flipping rows to top-down order. */
  void finishReadback(int slot, int[] dst) {
    glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo[slot]);
    ByteBuffer mapped = glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, (long) width * height * 4, GL_MAP_READ_BIT);
    if (mapped == null) {
      glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
      throw new RenderException(RenderException.INTERNAL, "could not map the read-back buffer (GL error 0x" + Integer.toHexString(glGetError()) + ")");
    }
    IntBuffer px = mapped.order(ByteOrder.nativeOrder()).asIntBuffer();
    for (int y = 0; y < height; y++) {
      px.position((height - 1 - y) * width);
      px.get(dst, y * width, width);
    }
    glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
  }

  int width() { return width; }
  int height() { return height; }

  @Override
  public void close() {
    if (fbo != 0) {
      glDeleteFramebuffers(fbo);
      glDeleteRenderbuffers(color);
      glDeleteRenderbuffers(depth);
      glDeleteBuffers(pbo);
    }
    if (msFbo != 0) {
      glDeleteFramebuffers(msFbo);
      glDeleteRenderbuffers(msColor);
      glDeleteRenderbuffers(msDepth);
    }
    fbo = msFbo = color = depth = msColor = msDepth = 0;
    pbo[0] = pbo[1] = 0;
    width = height = 0;
    samples = -1;
  }
}
