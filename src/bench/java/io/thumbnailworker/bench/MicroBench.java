package io.thumbnailworker.bench;

import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.encode.Fxaa;
import io.thumbnailworker.render.encode.ImageEncoders;
import io.thumbnailworker.render.encode.WebpMuxer;
import io.thumbnailworker.render.gl.EglContext;
import io.thumbnailworker.samples.SampleModels;
import io.vertx.core.json.JsonObject;
import org.lwjgl.system.MemoryUtil;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.lwjgl.opengl.GL11.*;
import static org.lwjgl.opengl.GL12.GL_BGRA;
import static org.lwjgl.opengl.GL12.GL_UNSIGNED_INT_8_8_8_8_REV;
import static org.lwjgl.opengl.GL15.*;
import static org.lwjgl.opengl.GL21.GL_PIXEL_PACK_BUFFER;
import static org.lwjgl.opengl.GL30.*;

/**
 * {@code scripts/bench jmh}: micro-benchmarks of the hot inner pieces, in a small JMH-style harness (no JMH
 * dependency or annotation processor for a handful of measurements): each piece
 * runs a fixed warm-up (JIT compiled, caches warm) and then N timed iterations, reporting mean, p50, p99 and ops/s;
 * results go through a sink so the JIT cannot drop the work. Frames are a real rendered frame (the Duck's poster), so
 * the encoders see realistic content.
 *
 * <pre>jmh [--size 256] [--warmup 30] [--iterations 100] [--model ../shared/models/glb/Duck.glb]</pre>
 *
 * Pieces: frame readback (glReadPixels into a pixel-pack buffer, map, row flip into int[]: the calls FrameTarget
 * makes; and plain synchronous glReadPixels for comparison), wrapping pixels as a BufferedImage, WebP encode of one
 * frame (quality 75, method 4), 24 frames on a pool of one thread per core (as JobEncoder does), JPEG poster, mux of
 * 24 stills into the animation.
 */
public final class MicroBench {
  private MicroBench() {}

  private static volatile long sink;

  public static void main(String[] args) throws Exception {
    Logging.apply("text", "warn");
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    int warmup = Integer.parseInt(BenchReport.flag(args, "--warmup", "30"));
    int iters = Integer.parseInt(BenchReport.flag(args, "--iterations", "100"));
    Path model = Path.of(BenchReport.flag(args, "--model", "../shared/models/glb/Duck.glb"));
    Path tmp = Files.createTempDirectory("micro-bench");
    if (!Files.isRegularFile(model)) model = SampleModels.writeAll(tmp.resolve("samples")).get(0);
    BenchReport report = new BenchReport("jmh", new JsonObject().put("size", size).put("warmup", warmup)
        .put("iterations", iters).put("model", model.toString()));

    int[] frame, aliased;
    RenderService service = RenderService.start(RenderService.Options.defaults());
    try {
      frame = realFrame(service, model, size, tmp, true);
      aliased = realFrame(service, model, size, tmp, false);
    } finally {
      service.close();
    }
    List<List<Object>> rows = new ArrayList<>();
    readback(size, warmup, iters, rows);

    int[] scratch = new int[aliased.length];
    rows.add(measure("FXAA, 1 frame drawn without anti-aliasing (incl. a 256 KiB copy)", size, warmup, iters, () -> {
      System.arraycopy(aliased, 0, scratch, 0, aliased.length);
      Fxaa.filter(scratch, size, size);
      sink += scratch[0];
    }));
    byte[] still = encodeRows(frame, size, warmup, iters, rows);
    report.table("Hot inner pieces (" + size + "x" + size + ", " + iters + " timed iterations after " + warmup + " warm-up)",
        List.of("piece", "px", "iterations", "mean ms", "p50 ms", "p99 ms", "ops/s"), rows);
    report.note("One WebP still of this frame: " + still.length + " bytes. A 24-frame job needs 24 readbacks, 24 WebP "
        + "encodes (parallel, overlapping rendering), 1 JPEG and 1 mux.");
    report.finish();
    System.exit(0);
  }

  /** WebP, JPEG and mux rows on a real frame; returns one WebP still of it. */
  private static byte[] encodeRows(int[] frame, int size, int warmup, int iters, List<List<Object>> rows) {
    BufferedImage img = ImageEncoders.image(frame, size, size, false);
    rows.add(measure("wrap int[] as BufferedImage", size, warmup, iters, () -> sink += ImageEncoders.image(frame, size, size, false).getWidth()));
    rows.add(measure("WebP encode, 1 frame (q75, m" + ImageEncoders.WEBP_METHOD + ")", size, warmup, iters, () -> sink += ImageEncoders.webp(img, 75).length));
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      rows.add(measure("WebP encode, 24 frames on " + cores + " threads", size, Math.max(3, warmup / 10), Math.max(10, iters / 5), () -> {
        List<Future<byte[]>> fs = new ArrayList<>();
        for (int i = 0; i < 24; i++) fs.add(pool.submit(() -> ImageEncoders.webp(ImageEncoders.image(frame, size, size, false), 75)));
        for (Future<byte[]> f : fs) {
          try {
            sink += f.get().length;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    } finally {
      pool.shutdownNow();
    }
    rows.add(measure("JPEG poster encode (q85)", size, warmup, iters, () -> sink += ImageEncoders.jpeg(img, 85).length));
    byte[] still = ImageEncoders.webp(img, 75);
    List<byte[]> stills = new ArrayList<>();
    for (int i = 0; i < 24; i++) stills.add(still);
    rows.add(measure("mux 24 stills into animated WebP", size, warmup, iters * 5, () -> sink += WebpMuxer.mux(stills, size, size, 100, 0, 0xfff0f0f0).length));
    return still;
  }

  /** The Duck's poster as rendered by the engine, decoded back into pixels: realistic content for the encoders. */
  private static int[] realFrame(RenderService service, Path model, int size, Path tmp, boolean antialiasing) throws Exception {
    var r = service.submit(new RenderJob("micro", model, null, tmp, RenderSettings.defaults().withSize(size, size).withAntialiasing(antialiasing), 0L, true)).get();
    BufferedImage poster = ImageIO.read(r.poster().toFile());
    return poster.getRGB(0, 0, size, size, null, 0, size);
  }

  /** Readback as FrameTarget does it (PBO, map, flip), and synchronous glReadPixels, on this thread's own context. */
  private static void readback(int size, int warmup, int iters, List<List<Object>> rows) {
    try (EglContext ctx = EglContext.create(System.getenv().getOrDefault("RENDER_EGL_DEVICE", "auto"))) {
      int fbo = glGenFramebuffers(), color = glGenRenderbuffers(), pbo = glGenBuffers();
      glBindFramebuffer(GL_FRAMEBUFFER, fbo);
      glBindRenderbuffer(GL_RENDERBUFFER, color);
      glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, size, size);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color);
      if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) throw new IllegalStateException("readback framebuffer incomplete");
      glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo);
      glBufferData(GL_PIXEL_PACK_BUFFER, (long) size * size * 4, GL_STREAM_READ);
      glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
      glViewport(0, 0, size, size);
      int[] dst = new int[size * size];
      ByteBuffer direct = MemoryUtil.memAlloc(size * size * 4);
      try {
        glClearColor(0.94f, 0.94f, 0.94f, 1);
        String gl = ctx.renderer();
        rows.add(measure("readback: clear + PBO glReadPixels + map + flip (" + gl + ")", size, warmup, iters, () -> {
          glClear(GL_COLOR_BUFFER_BIT);
          glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo);
          glReadPixels(0, 0, size, size, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
          ByteBuffer mapped = glMapBufferRange(GL_PIXEL_PACK_BUFFER, 0, (long) size * size * 4, GL_MAP_READ_BIT);
          if (mapped == null) throw new IllegalStateException("could not map the pixel-pack buffer");
          IntBuffer px = mapped.order(ByteOrder.nativeOrder()).asIntBuffer();
          for (int y = 0; y < size; y++) {
            px.position((size - 1 - y) * size);
            px.get(dst, y * size, size);
          }
          glUnmapBuffer(GL_PIXEL_PACK_BUFFER);
          glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
          sink += dst[size];
        }));
        rows.add(measure("readback: clear + synchronous glReadPixels into memory (comparison)", size, warmup, iters, () -> {
          glClear(GL_COLOR_BUFFER_BIT);
          glReadPixels(0, 0, size, size, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, direct);
          sink += direct.getInt(0);
        }));
        rows.add(measure("clear only (subtract from the two above)", size, warmup, iters, () -> {
          glClear(GL_COLOR_BUFFER_BIT);
          glFinish();
        }));
      } finally {
        MemoryUtil.memFree(direct);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glDeleteFramebuffers(fbo);
        glDeleteRenderbuffers(color);
        glDeleteBuffers(pbo);
      }
    }
  }

  private static List<Object> measure(String name, int size, int warmup, int iters, Runnable body) {
    for (int i = 0; i < warmup; i++) body.run();
    double[] ms = new double[iters];
    long all0 = System.nanoTime();
    for (int i = 0; i < iters; i++) {
      long t0 = System.nanoTime();
      body.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double mean = (System.nanoTime() - all0) / 1e6 / iters;
    System.err.printf("jmh: %s: %.3f ms%n", name, mean);
    return List.of(name, size, iters, mean, BenchReport.percentile(ms, 50), BenchReport.percentile(ms, 99), 1000 / mean);
  }
}
