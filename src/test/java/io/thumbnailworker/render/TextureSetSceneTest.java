package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.bus.TextureSetPreview;
import io.thumbnailworker.render.shapes.PreviewShapes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Texture-set previews drawn by the engine on each shape: the 28-frame WebP at 200 ms a frame and the PNG poster,
 * decoded and read pixel by pixel (covered area, colour of the albedo, plane and sphere outlines differ).
 */
class TextureSetSceneTest {
  static final int SIZE = 128;
  static RenderService service;

  @BeforeAll
  static void start() {
    service = TestEngines.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static RenderResult preview(Path dir, String geometry, List<TextureMap> maps) throws Exception {
    RenderSettings s = RenderSettings.defaults().withSize(SIZE, SIZE).withBackground("transparent");
    Path out = dir.resolve("out-" + geometry);
    RenderJob job = new RenderJob("ts-" + geometry, dir.resolve("set-" + geometry), null, out, s, 0L, true)
        .withPosterFormat("png").withPreview(SceneKind.TEXTURE_SET, new TextureSetPreview(geometry, 1, maps).toJson());
    return service.submit(job).get(120, TimeUnit.SECONDS);
  }

  /** A checker of two reds with a green block in one corner, so turning and orientation show. */
  static Path albedo(Path dir) throws Exception {
    return TextureSetRenderTest.png(dir.resolve("albedo.png"), 64, 64,
        (x, y) -> x < 16 && y < 16 ? 0xff00c000 : (x / 8 + y / 8) % 2 == 0 ? 0xffd02020 : 0xff701010);
  }

  /** Fraction of pixels that are drawn (alpha above half). */
  static double coverage(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) >>> 24) > 128) n++;
    return (double) n / (img.getWidth() * img.getHeight());
  }

  /** Pixels whose colour differs by more than a little between two frames. */
  static int differing(BufferedImage a, BufferedImage b) {
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) for (int x = 0; x < a.getWidth(); x++) {
      int p = a.getRGB(x, y), q = b.getRGB(x, y), d = 0;
      for (int shift = 0; shift < 32; shift += 8) d += Math.abs((p >>> shift & 255) - (q >>> shift & 255));
      if (d > 30) n++;
    }
    return n;
  }

  @Test
  void everyShapeShowsTheAlbedoOverAPlausibleArea(@TempDir Path dir) throws Exception {
    Path albedo = albedo(dir);
    Map<String, BufferedImage> posters = new HashMap<>();
    // plausible covered fractions: the plane fills much of the frame from 3.5, the others sit smaller at 5
    Map<String, double[]> range = Map.of("plane", new double[] {0.35, 0.85}, "sphere", new double[] {0.12, 0.45},
        "box", new double[] {0.15, 0.6}, "cylinder", new double[] {0.12, 0.55}, "torus", new double[] {0.06, 0.5});
    for (String g : PreviewShapes.GEOMETRIES) {
      RenderResult r = preview(dir, g, List.of(new TextureMap("Albedo", albedo, "RGB")));
      AnimatedWebp webp = AnimatedWebp.read(r.webp());
      assertEquals(28, webp.frames.size(), g);
      assertEquals(SIZE, webp.width, g);
      assertTrue(webp.durations.stream().allMatch(d -> d == 200), g + " frame durations " + webp.durations);
      assertTrue(webp.alpha, g + " has a transparent background");
      BufferedImage poster = ImageIO.read(r.poster().toFile());
      assertEquals(0, poster.getRGB(0, 0) >>> 24, g + ": the corner is background");
      double covered = coverage(poster);
      assertTrue(covered >= range.get(g)[0] && covered <= range.get(g)[1], g + " covers " + covered);
      int centre = poster.getRGB(SIZE / 2, SIZE / 2);
      int red = centre >> 16 & 255, green = centre >> 8 & 255, blue = centre & 255;
      assertTrue(g.equals("torus") || (red > green + 40 && red > blue + 40), g + " centre is the albedo's red: " + Integer.toHexString(centre));
      posters.put(g, poster);
      assertTrue(differing(webp.frames.get(0), webp.frames.get(7)) > SIZE * SIZE / 50, g + " swings");
    }
    int differ = 0;
    BufferedImage plane = posters.get("plane"), sphere = posters.get("sphere");
    for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) {
      if (((plane.getRGB(x, y) >>> 24) > 128) != ((sphere.getRGB(x, y) >>> 24) > 128)) differ++;
    }
    assertTrue(differ > SIZE * SIZE / 10, "plane and sphere outlines differ in " + differ + " pixels");
  }

  @Test
  void packedOrmAndNormalMapsDrawAndAnUnreadableImageFailsTheJob(@TempDir Path dir) throws Exception {
    Path albedo = albedo(dir);
    Path normal = TextureSetRenderTest.png(dir.resolve("normal.png"), 32, 32, (x, y) -> 0xff8080ff);
    Path orm = TextureSetRenderTest.png(dir.resolve("orm.png"), 32, 32, (x, y) -> 0xffff8000);
    RenderResult r = preview(dir, "sphere", List.of(new TextureMap("Albedo", albedo, "RGB"),
        new TextureMap("Normal", normal, "RGB"), new TextureMap("AO", orm, "R"), new TextureMap("Roughness", orm, "G"),
        new TextureMap("Metallic", orm, "B")));
    assertTrue(coverage(ImageIO.read(r.poster().toFile())) > 0.1);

    Path corrupt = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> preview(dir, "box", List.of(new TextureMap("Albedo", corrupt, "RGB"))));
    assertInstanceOf(RenderException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("broken.png"), e.getCause().getMessage());
  }
}
