package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import io.thumbnailworker.samples.SampleModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The render engine on the project's own sample models: output validity, golden images, limits, cancellation. */
class RenderEngineTest {
  static final int BG = 0xf0f0f0;
  static RenderService service;
  static Path samples;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    service = TestEngines.startOrSkip();
    samples = dir.resolve("samples");
    SampleModels.writeAll(samples);
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static RenderResult render(Path model, Path out, RenderSettings s) throws Exception {
    return service.submit(new RenderJob("t-" + model.getFileName(), model, null, out, s, 0L, true)).get(120, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("default settings give a 24-frame 256x256 looping animation whose every frame decodes and shows the object")
  void defaultOrbit(@TempDir Path out) throws Exception {
    for (String name : List.of("globe.glb", "crate/crate.obj")) {
      RenderResult r = render(samples.resolve(name), out, RenderSettings.defaults());
      assertEquals(24, r.frameCount());
      AnimatedWebp anim = AnimatedWebp.read(r.webp());
      assertEquals(256, anim.width);
      assertEquals(256, anim.height);
      assertEquals(0, anim.loops, "loops forever");
      assertEquals(24, anim.frames.size());
      assertTrue(anim.durations.stream().allMatch(d -> d == 100), "1000/ENCODING_FRAMERATE ms per frame");
      for (BufferedImage f : anim.frames) {
        double c = AnimatedWebp.coverage(f, BG);
        assertTrue(c > 0.02 && c < 0.95, name + ": coverage " + c);
      }
      assertTrue(AnimatedWebp.meanDiff(anim.frames.get(0), anim.frames.get(6)) > 3, name + ": frames at 0 and 90 degrees differ");
      BufferedImage poster = ImageIO.read(r.poster().toFile());
      assertNotNull(poster, "poster decodes as JPEG");
      assertEquals(256, poster.getWidth());
      assertTrue(AnimatedWebp.psnr(poster, anim.frames.get(0)) > 25, "poster is frame 0");
      assertEquals(Files.size(r.webp()), r.webpBytes());
      assertEquals(out.resolve(samples.resolve(name).getFileName() + ".webp"), r.webp());
    }
  }

  @Test
  @DisplayName("sample renders match their golden images (PSNR), so shading regressions are caught")
  void goldenImages(@TempDir Path out) throws Exception {
    Path goldenDir = Path.of("src/test/resources/golden");
    boolean update = Boolean.getBoolean("thumbnail.golden.update");
    // fixed angles: the golden images watch the shading, not the choice of view
    RenderSettings s = RenderSettings.fromJson(RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 90).toJson()
        .put("autoView", false));
    for (Path model : SampleModels.FILES.stream().map(samples::resolve).toList()) {
      AnimatedWebp anim = AnimatedWebp.read(render(model, out, s).webp());
      assertEquals(4, anim.frames.size());
      for (int i = 0; i < anim.frames.size(); i++) {
        File golden = goldenDir.resolve(model.getFileName() + "-" + i + ".png").toFile();
        if (update) {
          Files.createDirectories(goldenDir);
          ImageIO.write(anim.frames.get(i), "png", golden);
          continue;
        }
        assertTrue(golden.isFile(), "golden image " + golden + " exists (run with -Dthumbnail.golden.update=true to create)");
        double psnr = AnimatedWebp.psnr(ImageIO.read(golden), anim.frames.get(i));
        assertTrue(psnr > 30, model.getFileName() + " frame " + i + ": PSNR " + psnr + " dB against the golden image");
      }
    }
  }

  @Test
  @DisplayName("textures show: a textured render has many more colours than the same model untextured")
  void texturesShow(@TempDir Path out) throws Exception {
    RenderSettings s = RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 180);
    Path crate = samples.resolve("crate/crate.obj");
    RenderResult tex = render(crate, out.resolve("tex"), s);
    RenderResult plain = service.submit(new RenderJob("plain", crate, null, out.resolve("plain"), s, 0L, false)).get();
    int a = AnimatedWebp.distinctColours(AnimatedWebp.read(tex.webp()).frames.get(0));
    int b = AnimatedWebp.distinctColours(AnimatedWebp.read(plain.webp()).frames.get(0));
    assertTrue(a > b * 1.5, "textured " + a + " colours vs untextured " + b);
  }

  @Test
  @DisplayName("transparent background keeps alpha in the WebP and the poster is flattened")
  void transparent(@TempDir Path out) throws Exception {
    RenderResult r = render(samples.resolve("torus-knot.stl"), out, RenderSettings.defaults().withSize(96, 96).withOrbit(0, 360, 120).withBackground("transparent"));
    AnimatedWebp anim = AnimatedWebp.read(r.webp());
    assertTrue(anim.alpha, "VP8X alpha flag");
    BufferedImage f = anim.frames.get(0);
    assertEquals(0, f.getRGB(0, 0) >>> 24, "corner is transparent");
    assertEquals(255, f.getRGB(48, 48) >>> 24, "centre is opaque");
    assertNotNull(ImageIO.read(r.poster().toFile()));
  }

  @Test
  @DisplayName("each orbit frame is the view at its own angle, though frame arrays are reused across frames and jobs")
  void framesKeepTheirOwnPixels(@TempDir Path out) throws Exception {
    RenderSettings orbit = RenderSettings.defaults().withSize(96, 96).withOrbit(0, 360, 30);
    Path model = samples.resolve("globe.glb");
    List<CompletableFuture<RenderResult>> jobs = List.of(
        service.submit(new RenderJob("orbit-a", model, null, out.resolve("a"), orbit, 0L, true)),
        service.submit(new RenderJob("orbit-b", samples.resolve("crate/crate.obj"), null, out.resolve("b"), orbit, 0L, true)),
        service.submit(new RenderJob("orbit-c", model, null, out.resolve("c"), orbit, 0L, true)));
    AnimatedWebp a = AnimatedWebp.read(jobs.get(0).get(120, TimeUnit.SECONDS).webp());
    AnimatedWebp c = AnimatedWebp.read(jobs.get(2).get(120, TimeUnit.SECONDS).webp());
    jobs.get(1).get(120, TimeUnit.SECONDS);
    for (int i : new int[] {0, 3, 7, 11}) {
      // the same angles starting at frame i's: the same framing, so its first frame must be frame i
      RenderSettings rotated = orbit.withOrbit(30 * i, 30 * i + 360, 30);
      BufferedImage first = AnimatedWebp.read(render(model, out.resolve("from-" + i), rotated).webp()).frames.get(0);
      assertTrue(AnimatedWebp.psnr(first, a.frames.get(i)) > 40, "frame " + i + " of the first orbit");
      assertTrue(AnimatedWebp.psnr(first, c.frames.get(i)) > 40, "frame " + i + " of the third orbit");
      assertTrue(AnimatedWebp.psnr(a.frames.get(i), a.frames.get((i + 1) % 12)) < 40, "frames " + i + " and the next differ");
    }
  }

  @Test
  @DisplayName("every anti-aliasing method brings the silhouette's coverage (lossless WebP alpha) closer to 4x4 supersampling")
  void antialiasingMethods(@TempDir Path out) throws Exception {
    RenderSettings base = RenderSettings.defaults().withSize(96, 96).withOrbit(30, 360, 360).withBackground("transparent");
    Path model = samples.resolve("torus-knot.stl");
    int[] reference = alpha(render(model, out.resolve("ref"), base.withSize(384, 384).withAntialiasing(false)), 384);
    int[] coverage = new int[96 * 96];
    for (int i = 0; i < coverage.length; i++) {
      int sum = 0;
      for (int dy = 0; dy < 4; dy++) for (int dx = 0; dx < 4; dx++) sum += reference[((i / 96) * 4 + dy) * 384 + (i % 96) * 4 + dx];
      coverage[i] = Math.round(sum / 16f);
    }
    int[] aliased = alpha(render(model, out.resolve("none"), base.withAntialiasing(false)), 96);
    assertTrue(java.util.Arrays.stream(aliased).allMatch(a -> a == 0 || a == 255), "without anti-aliasing alpha is 0 or 255");
    double none = edgeError(aliased, coverage);
    for (String method : RenderSettings.ANTIALIASING_METHODS) {
      int[] a = alpha(render(model, out.resolve(method), base.withAntialiasingMethod(method)), 96);
      long partial = java.util.Arrays.stream(a).filter(v -> v > 0 && v < 255).count();
      double err = edgeError(a, coverage);
      assertTrue(partial > 40, method + ": " + partial + " partly covered pixels");
      assertTrue(err < none * 0.7, method + ": edge alpha error " + err + " against " + none + " without anti-aliasing");
    }
  }

  private static int[] alpha(RenderResult r, int size) throws Exception {
    BufferedImage f = AnimatedWebp.read(r.webp()).frames.get(0);
    assertEquals(size, f.getWidth());
    int[] a = new int[size * size];
    for (int i = 0; i < a.length; i++) a[i] = f.getRGB(i % size, i / size) >>> 24;
    return a;
  }

  /** RMS difference over the pixels the silhouette crosses (partly covered in the reference). */
  private static double edgeError(int[] alpha, int[] coverage) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < alpha.length; i++) {
      if (coverage[i] == 0 || coverage[i] == 255) continue;
      sum += (alpha[i] - coverage[i]) * (double) (alpha[i] - coverage[i]);
      n++;
    }
    assertTrue(n > 40, "the silhouette crosses " + n + " pixels");
    return Math.sqrt(sum / n);
  }

  @Test
  @DisplayName("MAX_POLYGON_COUNT is enforced with a clear message")
  void polygonLimit(@TempDir Path out) {
    RenderSettings s = RenderSettings.fromJson(RenderSettings.defaults().toJson().put("maxPolygons", 1000));
    ExecutionException e = assertThrows(ExecutionException.class, () -> render(samples.resolve("torus-knot.stl"), out, s));
    RenderException re = (RenderException) e.getCause();
    assertEquals(RenderException.BAD_MODEL, re.code());
    assertEquals("model has 6,400 triangles, above MAX_POLYGON_COUNT 1,000", re.getMessage());
  }

  @Test
  @DisplayName("a render is cancelled between frames and past its deadline, and the GL thread stays usable")
  void cancellation(@TempDir Path out) throws Exception {
    RenderSettings many = RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 1);   // 360 frames
    CompletableFuture<RenderResult> f = service.submit(new RenderJob("cancel-me", samples.resolve("globe.glb"), null, out, many, 0L, true));
    long t0 = System.nanoTime();
    while (!service.cancel("cancel-me")) Thread.onSpinWait();
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
    assertEquals(RenderException.CANCELLED, ((RenderException) e.getCause()).code(), e.getCause().getMessage());
    assertTrue((System.nanoTime() - t0) / 1e9 < 30, "cancel took effect promptly");

    long past = System.currentTimeMillis() - 1;
    ExecutionException late = assertThrows(ExecutionException.class, () ->
        service.submit(new RenderJob("late", samples.resolve("globe.glb"), null, out, many, past, true)).get(60, TimeUnit.SECONDS));
    assertEquals(RenderException.CANCELLED, ((RenderException) late.getCause()).code());

    RenderResult ok = render(samples.resolve("color-cube.ply"), out, RenderSettings.defaults().withSize(64, 64).withOrbit(0, 360, 90));
    assertEquals(4, AnimatedWebp.read(ok.webp()).frames.size());
    assertTrue(service.healthy());
  }
}
