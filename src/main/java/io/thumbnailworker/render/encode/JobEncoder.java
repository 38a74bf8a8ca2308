package io.thumbnailworker.render.encode;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.RenderException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The encoding half of one job: each frame is WebP-encoded on the shared encoder pool as soon as the GL thread hands
 * it over (so encoding overlaps rendering), the poster frame is also encoded as a JPEG (flattened on white when the
 * background is transparent) or a PNG (with its alpha), and {@link #finish} muxes the animation and writes both files (to a temporary name first, then moved into place, so readers never see half a
 * file).
 */
public final class JobEncoder {
  private final Executor pool;
  private final FramePool frames;
  private final RenderSettings s;
  private final boolean pngPoster;
  private final List<Future<byte[]>> stills;
  private final AtomicLong cpuNanos = new AtomicLong();
  private CompletableFuture<byte[]> poster;

  /** @param pngPoster the poster is a PNG rather than a JPEG */
  public JobEncoder(Executor pool, FramePool frames, RenderSettings s, boolean pngPoster) {
    this.pool = pool;
    this.frames = frames;
    this.s = s;
    this.pngPoster = pngPoster;
    this.stills = new ArrayList<>(s.frameCount());
    for (int i = 0; i < s.frameCount(); i++) stills.add(null);
  }

  /** Takes frame {@code index} (0xAARRGGBB, rows top-down); the array goes back to {@code frames} once encoded. */
  public void frame(int index, int[] drawn) {
    boolean alpha = s.transparent();
    boolean fxaa = s.effectiveAntialiasing().equals("fxaa");
    CompletableFuture<int[]> pixels = CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      if (fxaa) Fxaa.filter(drawn, s.width(), s.height());   // the frame is ours to change
      if (alpha) ImageEncoders.unpremultiply(drawn);
      else Silhouette.outline(drawn, s.width(), s.height(), backgroundRgb());
      cpuNanos.addAndGet(System.nanoTime() - t0);
      return drawn;
    }, pool);
    CompletableFuture<byte[]> webp = pixels.thenApplyAsync(argb -> {
      long t0 = System.nanoTime();
      byte[] still = ImageEncoders.webp(ImageEncoders.image(argb, s.width(), s.height(), alpha), s.webpQuality());
      cpuNanos.addAndGet(System.nanoTime() - t0);
      return still;
    }, pool);
    stills.set(index, webp);
    CompletableFuture<?> done = webp;
    if (index == s.posterIndex()) {
      poster = pixels.thenApplyAsync(this::poster, pool);
      done = CompletableFuture.allOf(webp, poster);
    }
    done.thenRun(() -> frames.give(drawn));   // not after a failure or cancellation: then the array is just dropped
  }

  private int backgroundRgb() {
    float[] bg = s.backgroundRgba();
    return Math.round(bg[0] * 255) << 16 | Math.round(bg[1] * 255) << 8 | Math.round(bg[2] * 255);
  }

  private byte[] poster(int[] argb) {
    boolean alpha = s.transparent();
    if (pngPoster) return ImageEncoders.png(ImageEncoders.image(argb, s.width(), s.height(), alpha));
    int[] rgb = alpha ? ImageEncoders.flatten(argb, 0xffffff) : argb;
    return ImageEncoders.jpeg(ImageEncoders.image(rgb, s.width(), s.height(), false), s.jpegQuality());
  }

  /** What draws a job's frames, handing each to the encoder as it is read back. */
  @FunctionalInterface
  public interface Drawing {
    void into(JobEncoder encoder) throws IOException;
  }

  /**
   * Draws every frame through {@code drawing}, encoding each as it comes, and writes the two files; when drawing or
   * writing fails the encoder is aborted, so nothing is left half-done.
   */
  public static Written drawAndWrite(Executor pool, FramePool frames, RenderSettings s, boolean pngPoster,
                                     Path webpOut, Path posterOut, Drawing drawing) throws IOException {
    JobEncoder encoder = new JobEncoder(pool, frames, s, pngPoster);
    try {
      drawing.into(encoder);
      return encoder.finish(webpOut, posterOut);
    } catch (RuntimeException | IOException e) {
      encoder.abort();
      throw e;
    }
  }

  /** Sizes of the two files, and where the encoding time went. */
  public record Written(long webpBytes, long posterBytes, double waitMs, double muxMs, double cpuMs) {}

  /** Waits for every frame, muxes the animation and writes both files. */
  public Written finish(Path webpOut, Path posterOut) throws IOException {
    long t0 = System.nanoTime();
    List<byte[]> encoded = new ArrayList<>(stills.size());
    byte[] still;
    try {
      for (Future<byte[]> f : stills) encoded.add(f.get());
      still = poster.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new RenderException(RenderException.CANCELLED, "interrupted while encoding");
    } catch (ExecutionException e) {
      abort();
      throw new RenderException(RenderException.INTERNAL, "encoding failed: " + e.getCause().getMessage());
    }
    long t1 = System.nanoTime();
    float[] bg = s.backgroundRgba();
    int bgra = Math.round(bg[2] * 255) | Math.round(bg[1] * 255) << 8 | Math.round(bg[0] * 255) << 16 | Math.round(bg[3] * 255) << 24;
    byte[] anim = WebpMuxer.mux(encoded, s.width(), s.height(), Math.max(1, Math.round(1000f / s.framerate())), 0, bgra);
    FileOps.writeAtomically(webpOut, anim);
    FileOps.writeAtomically(posterOut, still);
    long t2 = System.nanoTime();
    return new Written(anim.length, still.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6, cpuNanos.get() / 1e6);
  }

  /** Loads ImageIO's plug-ins and the native libwebp by encoding a tiny frame, so the first job does not wait for it. */
  public static void warmUp() {
    try {
      java.awt.image.BufferedImage img = ImageEncoders.image(new int[16 * 16], 16, 16, false);
      ImageEncoders.webp(img, 75);
      ImageEncoders.jpeg(img, 85);
    } catch (RuntimeException | LinkageError e) {
      // the first real job reports the problem with its own context
    }
  }

  /** Stops the encodes still queued or running; the job has failed. */
  public void abort() {
    for (Future<byte[]> f : stills) if (f != null) f.cancel(true);
    if (poster != null) poster.cancel(true);
  }
}
