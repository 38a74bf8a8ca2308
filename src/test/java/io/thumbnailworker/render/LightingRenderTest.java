package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.render.TestScenes.Quad;
import static io.thumbnailworker.render.TestScenes.pbr;
import static org.junit.jupiter.api.Assertions.*;

/** The default lights and exposure, seen from the default camera: a surface's colour comes out as itself. */
class LightingRenderTest {
  static final int SIZE = 96;
  static RenderService service;

  @BeforeAll
  static void start() {
    service = TestEngines.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static double linear(int srgb) {
    double c = srgb / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  @Test
  @DisplayName("a vertical quad facing the default camera (raised, orbit start) renders close to its own colour")
  void cameraFacingVerticalQuad(@TempDir Path dir) throws Exception {
    int[][] colours = {{230, 120, 40}, {250, 140, 20}, {90, 160, 220}, {200, 200, 200}};
    JsonArray materials = new JsonArray();
    for (int[] c : colours) materials.add(pbr(linear(c[0]), linear(c[1]), linear(c[2]), 1, 0, 0.8));
    RenderSettings defaults = RenderSettings.defaults();
    RenderSettings s = RenderSettings.fromJson(defaults.withSize(SIZE, SIZE).toJson().put("orbitEnabled", false));
    for (int i = 0; i < colours.length; i++) {
      // the quad faces the camera's compass direction at the first angle, upright
      double a = Math.toRadians(s.angle(0));
      Path model = TestScenes.gltf(dir.resolve("c" + i), List.of(new Quad(-1, -1, 1, 1, 0, i)), materials, List.of());
      model = rotated(model, a);
      RenderJob job = new RenderJob("light-" + i, model, null, model.getParent().resolve("out"), s, 0L, true).withPosterFormat("png");
      BufferedImage img = ImageIO.read(service.submit(job).get(120, TimeUnit.SECONDS).poster().toFile());
      int[] c = centre(img);
      int[] want = colours[i];
      for (int k = 0; k < 3; k++) {
        assertTrue(Math.abs(c[k] - want[k]) <= 28, "colour " + Arrays.toString(want) + " renders as "
            + Arrays.toString(c));
      }
    }
  }

  @Test
  @DisplayName("light and dark models stand out from the default background: edge contrast at least 40 grey levels")
  void silhouetteContrast(@TempDir Path dir) throws Exception {
    RenderSettings s = RenderSettings.fromJson(RenderSettings.defaults().withSize(SIZE, SIZE).toJson().put("orbitEnabled", false));
    // a light surface whatever the lights (it glows), a lit beige one, a near-black one
    List<JsonObject> looks = List.of(pbr(0, 0, 0, 1, 0, 1).put("emissiveFactor", new JsonArray().add(0.85).add(0.85).add(0.85)),
        pbr(0.8, 0.78, 0.7, 1, 0, 0.8), pbr(0.02, 0.02, 0.025, 1, 0, 0.8));
    for (int i = 0; i < looks.size(); i++) {
      JsonArray materials = new JsonArray().add(looks.get(i));
      Path model = rotated(TestScenes.gltf(dir.resolve("m" + i), List.of(new Quad(-1, -0.6f, 1, 0.6f, 0, 0)), materials, List.of()),
          Math.toRadians(s.angle(0)));
      BufferedImage opaque = poster(model, s, "o" + i);
      BufferedImage mask = poster(model, s.withBackground("transparent"), "t" + i);
      double contrast = edgeContrast(opaque, mask);
      assertTrue(contrast >= 40, looks.get(i).encode() + ": median edge contrast " + contrast);
    }
  }

  static BufferedImage poster(Path model, RenderSettings s, String name) throws Exception {
    RenderJob job = new RenderJob("edge-" + name, model, null, model.getParent().resolve(name), s, 0L, true).withPosterFormat("png");
    return ImageIO.read(service.submit(job).get(120, TimeUnit.SECONDS).poster().toFile());
  }

  /**
   * Median over the silhouette of the luma difference between a fully covered edge pixel and the background pixel two
   * steps outside it (coverage from {@code mask}, a transparent-background render of the same view).
   */
  static double edgeContrast(BufferedImage img, BufferedImage mask) {
    List<Double> diffs = new ArrayList<>();
    int w = img.getWidth(), h = img.getHeight();
    int[][] dirs = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    for (int y = 2; y < h - 2; y++) {
      for (int x = 2; x < w - 2; x++) {
        if (mask.getRGB(x, y) >>> 24 != 255) continue;
        for (int[] d : dirs) {
          if (mask.getRGB(x + d[0], y + d[1]) >>> 24 == 255 || mask.getRGB(x + 2 * d[0], y + 2 * d[1]) >>> 24 != 0) continue;
          diffs.add(Math.abs(luma(img.getRGB(x, y)) - luma(img.getRGB(x + 2 * d[0], y + 2 * d[1]))));
          break;
        }
      }
    }
    assertTrue(diffs.size() > 40, "the silhouette has " + diffs.size() + " edge pixels");
    Collections.sort(diffs);
    return diffs.get(diffs.size() / 2);
  }

  static double luma(int p) {
    return 0.2126 * ((p >> 16) & 255) + 0.7152 * ((p >> 8) & 255) + 0.0722 * (p & 255);
  }

  /** The model with its root node turned by {@code a} radians about +y. */
  static Path rotated(Path gltf, double a) throws Exception {
    JsonObject json = new JsonObject(Files.readString(gltf));
    for (Object n : json.getJsonArray("nodes")) {
      ((JsonObject) n).put("rotation", new JsonArray().add(0).add(Math.sin(a / 2)).add(0).add(Math.cos(a / 2)));
    }
    Files.writeString(gltf, json.encode());
    return gltf;
  }

  /** Mean R, G, B of the 9x9 pixels at the centre. */
  static int[] centre(BufferedImage img) {
    int[] sum = new int[3];
    int cx = img.getWidth() / 2, cy = img.getHeight() / 2;
    for (int y = cy - 4; y <= cy + 4; y++) {
      for (int x = cx - 4; x <= cx + 4; x++) {
        int p = img.getRGB(x, y);
        sum[0] += (p >> 16) & 255;
        sum[1] += (p >> 8) & 255;
        sum[2] += p & 255;
      }
    }
    for (int k = 0; k < 3; k++) sum[k] /= 81;
    return sum;
  }
}
