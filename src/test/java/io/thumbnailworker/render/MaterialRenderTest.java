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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.thumbnailworker.render.TestScenes.Quad;
import static io.thumbnailworker.render.TestScenes.image;
import static io.thumbnailworker.render.TestScenes.pbr;
import static io.thumbnailworker.render.TestScenes.texture;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A model's own material channels, read through the importer and drawn: emissive maps and strength, the packed
 * surface map (metallic-roughness and occlusion), cut-out and see-through materials, the texture coordinate set a
 * material names. Models and images are written by the test; the lossless PNG posters are read back pixel by pixel.
 */
class MaterialRenderTest {
  static final int SIZE = 96;
  static final int RED = 0xffff0000, BLUE = 0xff0000ff;
  static RenderService service;

  @BeforeAll
  static void start() {
    service = TestEngines.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  /** One frame, face on from +z, on a transparent background. */
  static RenderSettings faceOn() {
    return RenderSettings.fromJson(RenderSettings.defaults().withSize(SIZE, SIZE).withBackground("transparent").toJson()
        .put("orbitEnabled", false).put("cameraHeight", 0.0).put("startAngle", 0.0).put("autoView", false));
  }

  static RenderResult renderResult(Path model, RenderSettings s) throws Exception {
    RenderJob job = new RenderJob("m-" + model.getParent().getFileName(), model, null, model.getParent().resolve("out"), s,
        0L, true).withPosterFormat("png");
    return service.submit(job).get(120, TimeUnit.SECONDS);
  }

  static BufferedImage render(Path model) throws Exception {
    return ImageIO.read(renderResult(model, faceOn()).poster().toFile());
  }

  /** Left and right halves of a 16x16 image in two colours. */
  static BufferedImage halves(int left, int right) {
    return image(16, 16, (x, y) -> x < 8 ? left : right);
  }

  @Test
  @DisplayName("an emissive texture shows through the emissive factor, and KHR_materials_emissive_strength scales it")
  void emissiveTexture(@TempDir Path dir) throws Exception {
    JsonObject glow = pbr(0, 0, 0, 1, 0, 1).put("emissiveFactor", new JsonArray().add(1).add(1).add(1))
        .put("emissiveTexture", texture(0));
    BufferedImage img = render(TestScenes.gltf(dir.resolve("tex"), List.of(new Quad(-1, -1, 1, 1, 0, 0)),
        new JsonArray().add(glow), List.of(halves(RED, BLUE))));
    Pixels px = new Pixels(img);
    int[] left = px.at(-0.5, 0), right = px.at(0.5, 0);
    assertTrue(left[0] > 150 && left[2] < 80, "left half glows red: " + Pixels.str(left));
    assertTrue(right[2] > 150 && right[0] < 80, "right half glows blue: " + Pixels.str(right));

    JsonObject dim = pbr(0, 0, 0, 1, 0, 1).put("emissiveFactor", new JsonArray().add(0.2).add(0.2).add(0.2));
    JsonObject strong = dim.copy().put("extensions", new JsonObject().put("KHR_materials_emissive_strength",
        new JsonObject().put("emissiveStrength", 4.0)));
    Pixels two = new Pixels(render(TestScenes.gltf(dir.resolve("strength"),
        List.of(new Quad(-1, -1, -0.1f, 1, 0, 0), new Quad(0.1f, -1, 1, 1, 0, 1)), new JsonArray().add(strong).add(dim), List.of())));
    int[] bright = two.at(-0.55, 0), plain = two.at(0.55, 0);
    assertTrue(bright[1] > plain[1] + 40, "strength 4 glows brighter: " + Pixels.str(bright) + " vs " + Pixels.str(plain));
  }

  @Test
  @DisplayName("metallic-roughness and occlusion maps vary the surface across a quad whose factors are uniform")
  void surfaceMaps(@TempDir Path dir) throws Exception {
    // top quad: metalness from the blue channel, metal on the left; bottom: occlusion from red, occluded on the left
    JsonObject metal = pbr(0.8, 0.8, 0.8, 1, 1, 1).copy();
    metal.getJsonObject("pbrMetallicRoughness").put("metallicRoughnessTexture", texture(0));
    JsonObject occluded = pbr(0.3, 0.3, 0.3, 1, 0, 1).put("occlusionTexture", texture(1));
    Pixels px = new Pixels(render(TestScenes.gltf(dir, List.of(new Quad(-1, 0.1f, 1, 1, 0, 0), new Quad(-1, -1, 1, -0.1f, 0, 1)),
        new JsonArray().add(metal).add(occluded), List.of(halves(0xff00ccff, 0xff00cc00), halves(0xff000000, 0xffff0000)))));
    int metalL = Pixels.grey(px.at(-0.5, 0.55)), metalR = Pixels.grey(px.at(0.5, 0.55));
    int aoL = Pixels.grey(px.at(-0.5, -0.55)), aoR = Pixels.grey(px.at(0.5, -0.55));
    assertTrue(Math.abs(metalL - metalR) > 15, "metal and dielectric halves differ: " + metalL + " vs " + metalR);
    assertTrue(aoR - aoL > 8, "the occluded half is darker: " + aoL + " vs " + aoR);
  }

  @Test
  @DisplayName("a specular-glossiness material (KHR_materials_pbrSpecularGlossiness) shows its diffuse colour")
  void specularGlossiness(@TempDir Path dir) throws Exception {
    JsonObject red = new JsonObject().put("extensions", new JsonObject().put("KHR_materials_pbrSpecularGlossiness",
        new JsonObject().put("diffuseFactor", new JsonArray().add(0.8).add(0.02).add(0.02).add(1))
            .put("specularFactor", new JsonArray().add(0.04).add(0.04).add(0.04)).put("glossinessFactor", 0.3)));
    int[] c = new Pixels(render(TestScenes.gltf(dir, List.of(new Quad(-1, -1, 1, 1, 0, 0)), new JsonArray().add(red),
        List.of()))).at(0, 0);
    assertTrue(c[0] > 150 && c[1] < 90 && c[2] < 90, "red: " + Pixels.str(c));
  }

  @Test
  @DisplayName("a MASK material is cut out where its alpha is below the cutoff, and the background shows there")
  void alphaMask(@TempDir Path dir) throws Exception {
    JsonObject cut = pbr(1, 1, 1, 1, 0, 1).put("alphaMode", "MASK").put("alphaCutoff", 0.5);
    cut.getJsonObject("pbrMetallicRoughness").put("baseColorTexture", texture(0));
    Path model = TestScenes.gltf(dir, List.of(new Quad(-1, -1, 1, 1, 0, 0)), new JsonArray().add(cut),
        List.of(halves(0x20ff0000, 0xff00ff00)));
    BufferedImage img = render(model);
    int leftCovered = 0, rightCovered = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        if (img.getRGB(x, y) >>> 24 == 0) continue;
        if (x < SIZE / 2 - 3) leftCovered++;
        else if (x > SIZE / 2 + 3) rightCovered++;
      }
    }
    assertTrue(leftCovered < 20, "the cut-out half shows the background: " + leftCovered + " covered pixels");
    assertTrue(rightCovered > SIZE * SIZE / 5, "the kept half is drawn: " + rightCovered);

    BufferedImage onGrey = ImageIO.read(renderResult(model, faceOn().withBackground("#808080")).poster().toFile());
    int hp = onGrey.getRGB(SIZE * 3 / 10, SIZE / 2);
    int[] hole = {(hp >> 16) & 255, (hp >> 8) & 255, hp & 255, hp >>> 24};
    assertTrue(Math.abs(hole[0] - 128) < 4 && Math.abs(hole[1] - 128) < 4, "the hole is the background colour: " + Pixels.str(hole));
  }

  @Test
  @DisplayName("BLEND materials show what is behind them, sorted back to front, with their own colour over a transparent background")
  void alphaBlend(@TempDir Path dir) throws Exception {
    JsonObject blueGlass = pbr(0, 0, 1, 0.5, 0, 0.6).put("alphaMode", "BLEND").put("doubleSided", true);
    JsonObject greenGlass = pbr(0, 1, 0, 0.5, 0, 0.6).put("alphaMode", "BLEND").put("doubleSided", true);
    JsonObject red = pbr(1, 0, 0, 1, 0, 0.8);
    // the nearest glass comes first in the file: drawn in file order it would hide the glass behind it
    Pixels px = new Pixels(render(TestScenes.gltf(dir, List.of(new Quad(-1, -0.3f, 1, 0.3f, 0.5f, 0),
        new Quad(0.2f, -1, 1, 1, 0.25f, 1), new Quad(-1, -1, -0.2f, 1, 0, 2)),
        new JsonArray().add(blueGlass).add(greenGlass).add(red), List.of())));
    int[] overRed = px.at(-0.6, 0), overGreen = px.at(0.6, 0), alone = px.at(0, 0), green = px.at(0.6, 0.7);
    assertTrue(overRed[3] == 255 && overRed[0] > 60 && overRed[2] > 60, "red shows through the blue glass: " + Pixels.str(overRed));
    assertTrue(overGreen[1] > 50 && overGreen[2] > 50, "the farther green glass shows through the nearer blue: " + Pixels.str(overGreen));
    assertTrue(overGreen[3] > 160 && overGreen[3] < 230, "two layers of glass: " + Pixels.str(overGreen));
    assertTrue(alone[3] > 90 && alone[3] < 170, "glass over the background is half transparent: " + Pixels.str(alone));
    assertTrue(alone[2] > 150 && alone[2] > alone[0] + 100, "and keeps its colour, not darkened by the background: " + Pixels.str(alone));
    assertTrue(green[1] > 150 && green[3] < 170, "green glass alone: " + Pixels.str(green));
  }

  @Test
  @DisplayName("a COLLADA mesh textured through texture coordinate set 1 shows its texture")
  void secondUvSet(@TempDir Path dir) throws Exception {
    ImageIO.write(halves(RED, BLUE), "png", dir.resolve("halves.png").toFile());
    Pixels px = new Pixels(render(TestScenes.colladaQuad(dir, "halves.png", 1)));
    int[] left = px.at(-0.5, 0), right = px.at(0.5, 0);
    assertTrue(left[0] > 120 && left[2] < 80, "left half red: " + Pixels.str(left));
    assertTrue(right[2] > 120 && right[0] < 80, "right half blue: " + Pixels.str(right));
  }

  @Test
  @DisplayName("a textured material on a mesh without texture coordinates is drawn in its colour, with a warning")
  void texturedWithoutUvs(@TempDir Path dir) throws Exception {
    ImageIO.write(halves(RED, BLUE), "png", dir.resolve("halves.png").toFile());
    Files.writeString(dir.resolve("q.mtl"), "newmtl Skin\nKd 0.6 0.6 0.6\nmap_Kd halves.png\n");
    Path obj = Files.writeString(dir.resolve("q.obj"),
        "mtllib q.mtl\nv -1 -1 0\nv 1 -1 0\nv 1 1 0\nv -1 1 0\nvn 0 0 1\nusemtl Skin\nf 1//1 2//1 3//1 4//1\n");
    RenderResult r = renderResult(obj, faceOn());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("'Skin'") && w.contains("no texture coordinates")), r.warnings().toString());
  }

  /** Pixels of a frame located in model coordinates: the drawn area's bounding box is the quads' (-1..1 square). */
  static final class Pixels {
    final BufferedImage img;
    final int x0, y0, x1, y1;

    Pixels(BufferedImage img) {
      this(img, img);
    }

    /** Located by the drawn area of {@code coverage} (a render of the same model on a transparent background). */
    Pixels(BufferedImage img, BufferedImage coverage) {
      this.img = img;
      int ax = Integer.MAX_VALUE, ay = Integer.MAX_VALUE, bx = -1, by = -1;
      for (int y = 0; y < coverage.getHeight(); y++) {
        for (int x = 0; x < coverage.getWidth(); x++) {
          if (coverage.getRGB(x, y) >>> 24 < 128) continue;
          ax = Math.min(ax, x);
          ay = Math.min(ay, y);
          bx = Math.max(bx, x);
          by = Math.max(by, y);
        }
      }
      assertTrue(bx > ax + 20 && by > ay + 20, "the model covers part of the frame");
      x0 = ax;
      y0 = ay;
      x1 = bx;
      y1 = by;
    }

    /** Mean R, G, B, A (unpremultiplied, as decoded) of the 5x5 pixels around model point (x, y). */
    int[] at(double x, double y) {
      int cx = (int) Math.round(x0 + (x + 1) / 2 * (x1 - x0)), cy = (int) Math.round(y1 - (y + 1) / 2 * (y1 - y0));
      int[] sum = new int[4];
      for (int dy = -2; dy <= 2; dy++) {
        for (int dx = -2; dx <= 2; dx++) {
          int p = img.getRGB(cx + dx, cy + dy);
          sum[0] += (p >> 16) & 255;
          sum[1] += (p >> 8) & 255;
          sum[2] += p & 255;
          sum[3] += p >>> 24;
        }
      }
      for (int i = 0; i < 4; i++) sum[i] /= 25;
      return sum;
    }

    static int grey(int[] c) {
      return (c[0] + c[1] + c[2]) / 3;
    }

    static String str(int[] c) {
      return "rgba(" + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + ")";
    }
  }
}
