package io.thumbnailworker.render;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.samples.GlbWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntBinaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Texture-set materials in place of a model's own, and the PNG poster: models and images written by the test,
 * rendered through the importer process, and the lossless PNG posters read back pixel by pixel.
 */
class TextureSetRenderTest {
  static final int SIZE = 128;
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

  /** One frame, face on, transparent background, so the PNG poster's alpha tells the model from the background. */
  static RenderSettings faceOn(int size) {
    return RenderSettings.fromJson(RenderSettings.defaults().withSize(size, size).withBackground("transparent").toJson()
        .put("orbitEnabled", false).put("cameraHeight", 0.0).put("autoView", false));
  }

  static RenderResult render(Path model, Path out, RenderSettings s, List<MaterialOverride> materials) throws Exception {
    RenderJob job = new RenderJob("ts-" + model.getFileName(), model, null, out, s, 0L, true)
        .withPosterFormat("png").withMaterials(materials);
    return service.submit(job).get(120, TimeUnit.SECONDS);
  }

  static BufferedImage poster(RenderResult r) throws IOException {
    return ImageIO.read(r.poster().toFile());
  }

  static MaterialOverride set(String material, double uvScale, TextureMap... maps) {
    return new MaterialOverride(material, uvScale, List.of(maps));
  }

  static TextureMap map(String type, Path file, String channel) {
    return new TextureMap(type, file, channel);
  }

  /** An RGBA PNG whose pixel (x, y) is {@code argb(x, y)}. */
  static Path png(Path file, int w, int h, IntBinaryOperator argb) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb.applyAsInt(x, y));
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  static Path solid(Path dir, String name, int argb) throws IOException {
    return png(dir.resolve(name), 16, 16, (x, y) -> argb);
  }

  /**
   * An OBJ of square quads facing +z, side by side along x, one material each (named as given), all grey, with
   * texture coordinates 0..1 across each quad (v up, as OBJ has it).
   */
  static Path quadsObj(Path dir, String... materials) throws IOException {
    Files.createDirectories(dir);
    StringBuilder obj = new StringBuilder("mtllib quads.mtl\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\n");
    StringBuilder mtl = new StringBuilder();
    for (int i = 0; i < materials.length; i++) {
      float x0 = -materials.length + 2 * i + 0.05f, x1 = x0 + 1.9f;
      obj.append(String.format(java.util.Locale.ROOT, "v %f -0.95 0\nv %f -0.95 0\nv %f 0.95 0\nv %f 0.95 0\n", x0, x1, x1, x0));
      int b = 4 * i;
      obj.append("usemtl ").append(materials[i]).append('\n')
          .append(String.format("f %d/1/1 %d/2/1 %d/3/1 %d/4/1%n", b + 1, b + 2, b + 3, b + 4));
      mtl.append("newmtl ").append(materials[i]).append("\nKd 0.6 0.6 0.6\n");
    }
    Files.writeString(dir.resolve("quads.mtl"), mtl);
    Path file = dir.resolve("quads.obj");
    Files.writeString(file, obj);
    return file;
  }

  /** Share of the model's pixels (opaque in the poster) in columns [x0, x1) whose red stands out. */
  static double redShare(BufferedImage img, int x0, int x1) {
    int model = 0, red = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = x0; x < x1; x++) {
        int p = img.getRGB(x, y);
        if (p >>> 24 != 255) continue;
        model++;
        int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
        if (r > g + 60 && r > b + 60) red++;
      }
    }
    assertTrue(model > 200, "the model covers " + model + " pixels of columns " + x0 + ".." + x1);
    return red / (double) model;
  }

  @Test
  @DisplayName("a PNG poster is a PNG of the render's size, transparent around the model and opaque on it")
  void pngPoster(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Only");
    RenderSettings s = RenderSettings.fromJson(faceOn(96).toJson().put("width", 120));
    RenderResult r = render(model, dir.resolve("out"), s, List.of());
    assertEquals(dir.resolve("out").resolve("quads.obj.png"), r.poster());
    assertEquals(Files.size(r.poster()), r.posterBytes());
    assertEquals(r.poster(), r.toReply().poster(), "the reply names the PNG");
    try (ImageInputStream in = ImageIO.createImageInputStream(r.poster().toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      assertTrue(readers.hasNext());
      assertEquals("png", readers.next().getFormatName().toLowerCase());
    }
    BufferedImage img = poster(r);
    assertEquals(120, img.getWidth());
    assertEquals(96, img.getHeight());
    assertTrue(img.getColorModel().hasAlpha(), "the PNG has an alpha channel");
    for (int[] corner : new int[][] {{0, 0}, {119, 0}, {0, 95}, {119, 95}}) {
      assertEquals(0, img.getRGB(corner[0], corner[1]) >>> 24, "corner " + corner[0] + "," + corner[1] + " is transparent");
    }
    assertEquals(255, img.getRGB(60, 48) >>> 24, "the model in the middle is opaque");
    double diff = modelDiff(img, AnimatedWebp.read(r.webp()).frames.get(0));
    assertTrue(diff < 6, "the poster is the (lossy) frame: " + diff);
  }

  @Test
  @DisplayName("a texture set replaces the material of that name only; an empty name replaces every material")
  void overrideByMaterialName(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Left", "Right");
    Path red = solid(dir, "red.png", RED);
    RenderSettings s = faceOn(SIZE);
    BufferedImage own = poster(render(model, dir.resolve("own"), s, List.of()));
    BufferedImage left = poster(render(model, dir.resolve("left"), s, List.of(set("Left", 1, map("Albedo", red, "RGB")))));
    BufferedImage all = poster(render(model, dir.resolve("all"), s, List.of(set("", 1, map("Albedo", red, "RGB")))));
    int half = SIZE / 2;
    assertTrue(redShare(own, 0, half) < 0.05 && redShare(own, half, SIZE) < 0.05, "the model's own grey");
    assertTrue(redShare(left, 0, half) > 0.95, "left quad red: " + redShare(left, 0, half));
    assertTrue(redShare(left, half, SIZE) < 0.05, "right quad keeps its grey: " + redShare(left, half, SIZE));
    assertTrue(redShare(all, 0, half) > 0.95 && redShare(all, half, SIZE) > 0.95, "both quads red");

    // later overrides win; a name that no material has is reported, not fatal
    RenderResult later = render(model, dir.resolve("later"), s, List.of(set("", 1, map("Albedo", red, "RGB")),
        set("Right", 1), set("Nowhere", 1, map("Albedo", red, "RGB"))));
    BufferedImage img = poster(later);
    assertTrue(redShare(img, 0, half) > 0.95, "left keeps the first set");
    assertTrue(redShare(img, half, SIZE) < 0.05, "right takes the later, map-less set");
    assertTrue(later.warnings().stream().anyMatch(w -> w.contains("'Nowhere'")), later.warnings().toString());
  }

  /** Mean absolute difference of RGB over the pixels that are opaque in both images. */
  static double modelDiff(BufferedImage a, BufferedImage b) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y), q = b.getRGB(x, y);
        if (p >>> 24 != 255 || q >>> 24 != 255) continue;
        for (int s = 0; s <= 16; s += 8) sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
        n += 3;
      }
    }
    assertTrue(n > 3000, "the model covers enough pixels");
    return sum / n;
  }

  @Test
  @DisplayName("a packed occlusion-roughness-metallic image feeds each map from the channel it names")
  void packedChannels(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Surface");
    // AO 0.63 in R, roughness 0.5 in G, metalness 1 in B, and an all-zero alpha channel: four different values
    Path orm = solid(dir, "orm.png", 0x00a080ff);
    Path ao = solid(dir, "ao.png", 0xffa0a0a0), grey = solid(dir, "grey.png", 0xff808080);
    Path white = solid(dir, "white.png", 0xffffffff), black = solid(dir, "black.png", 0xff000000);
    RenderSettings s = faceOn(SIZE);
    BufferedImage metal = poster(render(model, dir.resolve("m1"), s, List.of(set("Surface", 1,
        map("AO", orm, "R"), map("Roughness", orm, "G"), map("Metallic", orm, "B")))));
    BufferedImage dielectric = poster(render(model, dir.resolve("m0"), s, List.of(set("Surface", 1,
        map("AO", orm, "R"), map("Roughness", orm, "G"), map("Metallic", orm, "A")))));
    BufferedImage metalRef = poster(render(model, dir.resolve("r1"), s, List.of(set("Surface", 1,
        map("AO", ao, "R"), map("Roughness", grey, "R"), map("Metallic", white, "R")))));
    BufferedImage dielectricRef = poster(render(model, dir.resolve("r0"), s, List.of(set("Surface", 1,
        map("AO", ao, "R"), map("Roughness", grey, "R"), map("Metallic", black, "R")))));
    assertTrue(modelDiff(metal, dielectric) > 8, "metalness 1 against 0 changes the shading: " + modelDiff(metal, dielectric));
    assertTrue(modelDiff(metal, metalRef) < 1, "R, G, B read as AO 0.63, roughness 0.5, metalness 1: " + modelDiff(metal, metalRef));
    assertTrue(modelDiff(dielectric, dielectricRef) < 1, "A read as metalness 0: " + modelDiff(dielectric, dielectricRef));
    BufferedImage rough = poster(render(model, dir.resolve("rough"), s, List.of(set("Surface", 1,
        map("AO", orm, "R"), map("Roughness", orm, "R"), map("Metallic", orm, "B")))));
    assertTrue(modelDiff(metal, rough) > 2, "roughness 0.63 from R differs from 0.5 from G: " + modelDiff(metal, rough));
  }

  /** Colour changes between red and blue along row y of the model (pixels that are neither are passed over). */
  static int transitions(BufferedImage img, int y) {
    int changes = 0, last = 0, seen = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      int p = img.getRGB(x, y);
      if (p >>> 24 != 255) continue;
      int r = (p >> 16) & 255, b = p & 255;
      int c = r > b + 60 ? 1 : b > r + 60 ? 2 : 0;
      if (c == 0) continue;
      seen++;
      if (last != 0 && c != last) changes++;
      last = c;
    }
    assertTrue(seen > SIZE / 2, "row " + y + " crosses the model");
    return changes;
  }

  /** The row at {@code fraction} of the model's height from its top. */
  static int modelRow(BufferedImage img, double fraction) {
    int top = -1, bottom = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      if (img.getRGB(img.getWidth() / 2, y) >>> 24 == 255) {
        if (top < 0) top = y;
        bottom = y;
      }
    }
    assertTrue(top >= 0, "the model is in the middle column");
    return top + (int) Math.round((bottom - top) * fraction);
  }

  @Test
  @DisplayName("uvScale repeats the maps: a 2x2 checker tiled 4 times shows 8 squares across")
  void uvScaleRepeats(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Checker");
    Path checker = png(dir.resolve("checker.png"), 64, 64, (x, y) -> (x < 32) == (y < 32) ? RED : BLUE);
    RenderSettings s = faceOn(256);
    BufferedImage once = poster(render(model, dir.resolve("x1"), s, List.of(set("Checker", 1, map("Albedo", checker, "RGB")))));
    BufferedImage four = poster(render(model, dir.resolve("x4"), s, List.of(set("Checker", 4, map("Albedo", checker, "RGB")))));
    // rows inside a row of squares (not on the borders between them, at multiples of 1/8 of the height)
    assertEquals(1, transitions(once, modelRow(once, 0.3)));
    assertEquals(7, transitions(four, modelRow(four, 0.3)));
    assertEquals(7, transitions(four, modelRow(four, 0.7)));
  }

  @Test
  @DisplayName("texture sets lie on glTF texture coordinates unflipped and on other formats' flipped, as in the browser")
  void flipYByFormat(@TempDir Path dir) throws Exception {
    // the image's top half red, bottom half blue; at uvScale 0.5 a quad shows the half at texture coordinate v 0..0.5:
    // the top rows where images are not flipped (glTF), the bottom rows where they are (OBJ)
    Path halves = png(dir.resolve("halves.png"), 32, 32, (x, y) -> y < 16 ? RED : BLUE);
    Path obj = quadsObj(dir.resolve("obj"), "Quad");
    Path glb = dir.resolve("quad.glb");
    Files.write(glb, glbQuad());
    RenderSettings s = faceOn(SIZE);
    List<MaterialOverride> half = List.of(set("", 0.5, map("Albedo", halves, "RGB")));
    BufferedImage objUpright = poster(render(obj, dir.resolve("obj1"), s, List.of(set("", 1, map("Albedo", halves, "RGB")))));
    BufferedImage glbUpright = poster(render(glb, dir.resolve("glb1"), s, List.of(set("", 1, map("Albedo", halves, "RGB")))));
    for (BufferedImage upright : List.of(objUpright, glbUpright)) {
      assertTrue(redShare(upright, 0, SIZE) > 0.4 && redShare(upright, 0, SIZE) < 0.6, "half red at uvScale 1");
      assertEquals(255, upright.getRGB(SIZE / 2, modelRow(upright, 0.2)) >>> 24);
      assertTrue(((upright.getRGB(SIZE / 2, modelRow(upright, 0.2)) >> 16) & 255) > 150, "red on top at uvScale 1");
    }
    assertTrue(redShare(poster(render(obj, dir.resolve("obj"), s, half)), 0, SIZE) < 0.05, "OBJ: all blue");
    assertTrue(redShare(poster(render(glb, dir.resolve("glb"), s, half)), 0, SIZE) > 0.95, "glTF: all red");
  }

  /** A glTF binary of one square facing +z, texture coordinates (0, 0) at its top left as glTF has it. */
  static byte[] glbQuad() throws IOException {
    List<float[]> pos = List.of(new float[] {-1, -1, 0}, new float[] {1, -1, 0}, new float[] {1, 1, 0}, new float[] {-1, 1, 0});
    List<float[]> nrm = new ArrayList<>();
    for (int i = 0; i < 4; i++) nrm.add(new float[] {0, 0, 1});
    List<float[]> uv = List.of(new float[] {0, 1}, new float[] {1, 1}, new float[] {1, 0}, new float[] {0, 0});
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", image);
    return GlbWriter.texturedGlb(pos, nrm, uv, List.of(0, 1, 2, 0, 2, 3), image.toByteArray());
  }

  @Test
  @DisplayName("an Alpha map makes the material see-through: cut out where 0, half covering at 0.5 in its true colour")
  void alphaMap(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Glass");
    Path cut = png(dir.resolve("cut.png"), 32, 32, (x, y) -> x < 16 ? 0xff000000 : 0xffffffff);
    Path half = solid(dir, "half.png", 0xff808080);
    Path red = solid(dir, "red.png", RED);
    RenderSettings s = faceOn(SIZE);
    BufferedImage opaque = poster(render(model, dir.resolve("opaque"), s, List.of(set("", 1, map("Albedo", red, "RGB")))));
    BufferedImage cutOut = poster(render(model, dir.resolve("cut"), s, List.of(set("", 1, map("Albedo", red, "RGB"),
        map("Alpha", cut, "R")))));
    BufferedImage glass = poster(render(model, dir.resolve("half"), s, List.of(set("", 1, map("Albedo", red, "RGB"),
        map("Alpha", half, "R")))));
    int y = SIZE / 2;
    assertEquals(255, opaque.getRGB(SIZE / 2 - 20, y) >>> 24);
    assertEquals(0, cutOut.getRGB(SIZE / 2 - 20, y) >>> 24, "left half cut out");
    assertEquals(255, cutOut.getRGB(SIZE / 2 + 20, y) >>> 24, "right half opaque");
    int p = glass.getRGB(SIZE / 2 + 20, y), q = opaque.getRGB(SIZE / 2 + 20, y);
    assertEquals(128, p >>> 24, 2, "half covering");
    for (int shift = 0; shift <= 16; shift += 8) {
      assertEquals((q >> shift) & 255, (p >> shift) & 255, 3, "straight colour, not darkened by coverage");
    }
  }

  @Test
  @DisplayName("Emissive and Normal maps show: a black albedo glows red, a tilted normal map changes the shading")
  void emissiveAndNormalMaps(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Lit");
    Path black = solid(dir, "black.png", 0xff000000), red = solid(dir, "red.png", RED);
    Path flat = solid(dir, "flat.png", 0xff8080ff), tilted = solid(dir, "tilted.png", 0xffdc80b0);
    RenderSettings s = faceOn(SIZE);
    BufferedImage dark = poster(render(model, dir.resolve("dark"), s, List.of(set("", 1, map("Albedo", black, "RGB")))));
    BufferedImage glow = poster(render(model, dir.resolve("glow"), s, List.of(set("", 1, map("Albedo", black, "RGB"),
        map("Emissive", red, "RGB")))));
    assertTrue(redShare(dark, 0, SIZE) < 0.05);
    assertTrue(redShare(glow, 0, SIZE) > 0.95, "emissive red");
    BufferedImage plain = poster(render(model, dir.resolve("plain"), s, List.of(set("", 1))));
    BufferedImage flatMap = poster(render(model, dir.resolve("flat"), s, List.of(set("", 1, map("Normal", flat, "RGB")))));
    BufferedImage tiltMap = poster(render(model, dir.resolve("tilt"), s, List.of(set("", 1, map("Normal", tilted, "RGB")))));
    assertTrue(modelDiff(plain, flatMap) < 1.5, "a flat normal map is the plain surface: " + modelDiff(plain, flatMap));
    assertTrue(modelDiff(plain, tiltMap) > 5, "a tilted one is not: " + modelDiff(plain, tiltMap));
  }

  @Test
  @DisplayName("a map file that cannot be decoded is left out with a warning in the reply; the render succeeds")
  void undecodableMap(@TempDir Path dir) throws Exception {
    Path model = quadsObj(dir.resolve("model"), "Left", "Right");
    Path broken = Files.write(dir.resolve("broken.png"), "this is not an image".getBytes());
    Path red = solid(dir, "red.png", RED);
    RenderResult r = render(model, dir.resolve("out"), faceOn(SIZE), List.of(set("Left", 1, map("Albedo", broken, "RGB"),
        map("Normal", dir.resolve("missing.png"), "RGB")), set("Right", 1, map("Albedo", red, "RGB"))));
    List<String> warnings = r.toReply().toJson().getJsonArray("warnings").stream().map(String::valueOf).toList();
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'broken.png'") && w.contains("could not be decoded")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'missing.png'") && w.contains("does not exist")), warnings.toString());
    BufferedImage img = poster(r);
    assertTrue(redShare(img, 0, SIZE / 2) < 0.05, "left: the set's default colour, no albedo");
    assertTrue(redShare(img, SIZE / 2, SIZE) > 0.95, "right: the other set still applies");
  }
}
