package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import io.thumbnailworker.cli.Main;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every model of the shared corpus ({@code ../shared/models}, skipped when absent): good ones render into valid
 * animations that show the object, bad ones get the outcome their MANIFEST row asks for, all in one JVM.
 */
class CorpusRenderTest {
  static final int BG = 0xf0f0f0;
  /** Flat or rotationally symmetric models: an orbit may look alike (or edge-on) at 0 and 90 degrees. */
  static final Set<String> SYMMETRIC_OR_FLAT = Set.of("BoxTextured.glb", "cube_binary.ply", "box.3mf", "BlenderDefault_276.blend",
      "test_cube_binary.x", "box-complex-material.obj", "cube_with_diffuse_texture.3DS", "GolfBall.glb", "SphereWithLight.ac",
      "TexturedPlane_ImageUvPacked_248.blend", "test_with_mat.amf", "Example.ogex", "Helix.3mf", "twospheres_withmats.ms3d",
      "PinkEggFromLW.dxf", "animation_with_skeleton.fbx", "ThreeCubesGreen.ASE", "ComputerKeyboard.x3d", "HelloX3dTrademark.x3d", "hierarchy.lwo", "fels.3ds");
  static RenderService service;
  static Path models;
  @TempDir
  static Path out;

  @BeforeAll
  static void start() {
    models = TestEngines.modelsOrSkip();
    service = TestEngines.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static List<String> manifestPaths(boolean bad) throws IOException {
    List<String> paths = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([^`]+)`").matcher(Files.readString(models.resolve("MANIFEST.md")));
    while (m.find()) if (m.group(1).startsWith("bad/") == bad) paths.add(m.group(1));
    return paths;
  }

  @TestFactory
  @DisplayName("every good corpus model renders an animation whose frames decode and show the object")
  Stream<DynamicTest> goodModels() throws IOException {
    RenderSettings s = RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 90);
    return manifestPaths(false).stream().map(rel -> DynamicTest.dynamicTest(rel, () -> {
      Path model = models.resolve(rel);
      RenderResult r = service.submit(new RenderJob(rel, model, null, out.resolve("good"), s, 0L, true)).get(120, TimeUnit.SECONDS);
      assertTrue(r.triangles() > 0);
      AnimatedWebp anim = AnimatedWebp.read(r.webp());
      assertEquals(4, anim.frames.size());
      assertEquals(128, anim.width);
      String name = model.getFileName().toString();
      double best = 0;
      for (int i = 0; i < 4; i++) {
        double c = AnimatedWebp.coverage(anim.frames.get(i), BG);
        best = Math.max(best, c);
        assertTrue(c < 0.95, name + " frame " + i + " coverage " + c);
        if (!SYMMETRIC_OR_FLAT.contains(name)) assertTrue(c > 0.02, name + " frame " + i + " coverage " + c);
      }
      assertTrue(best > 0.02, name + ": object visible in at least one frame");
      if (!SYMMETRIC_OR_FLAT.contains(name)) {
        double d = AnimatedWebp.meanDiff(anim.frames.get(0), anim.frames.get(1));
        assertTrue(d > 1.0, name + ": frames at 0 and 90 degrees differ (mean diff " + d + ")");
      }
      BufferedImage poster = ImageIO.read(r.poster().toFile());
      assertNotNull(poster, name + ": poster decodes as JPEG");
      assertEquals(128, poster.getHeight());
    }));
  }

  @Test
  @DisplayName("textured corpus models show their textures (more colours than untextured)")
  void texturesShow() throws Exception {
    RenderSettings s = RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 180);
    for (String rel : List.of("glb/Duck.glb", "obj/spider/spider.obj", "3ds/cube_textured/cube_with_diffuse_texture.3DS", "dae/duck/duck.dae")) {
      Path model = models.resolve(rel);
      RenderResult tex = service.submit(new RenderJob("t", model, null, out.resolve("tex"), s, 0L, true)).get();
      RenderResult plain = service.submit(new RenderJob("p", model, null, out.resolve("plain"), s, 0L, false)).get();
      int a = AnimatedWebp.distinctColours(AnimatedWebp.read(tex.webp()).frames.get(0));
      int b = AnimatedWebp.distinctColours(AnimatedWebp.read(plain.webp()).frames.get(0));
      assertTrue(a > b * 1.3, rel + ": textured " + a + " colours vs untextured " + b);
    }
  }

  @Test
  @DisplayName("render CLI: every bad file gets its MANIFEST outcome, readable one-line errors, and the same JVM renders on")
  void badModelsThroughTheCli() throws Exception {
    List<String> bad = manifestPaths(true);
    assertTrue(bad.size() >= 15);
    List<String> args = new ArrayList<>(List.of("render", "--out", out.resolve("bad").toString(), "--width", "96", "--height", "96", "--angle-step", "120"));
    for (String rel : bad) args.add(models.resolve(rel).toString());
    args.add(models.resolve("glb/Duck.glb").toString());   // proves the engine is still healthy afterwards
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = Main.run(args.toArray(String[]::new));
    } finally {
      System.setOut(saved);
    }
    assertEquals(1, code, "exit 1 when any file failed");
    List<JsonObject> lines = captured.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    assertEquals(bad.size() + 1, lines.size(), "one JSON line per file");
    Map<String, String> expectedError = new LinkedHashMap<>();
    expectedError.put("bad/empty.glb", "model file is empty");
    expectedError.put("bad/truncated_half.glb", "GLB header declares 120,484 bytes but the file has 60,242");
    expectedError.put("bad/random_bytes.obj", "Assimp could not read the file");
    expectedError.put("bad/stl_claims_4e9_triangles.stl", "binary STL header claims 4,000,000,000 triangles but the file holds 2");
    expectedError.put("bad/gltf_missing_bin/model.gltf", "Assimp could not read the file");
    expectedError.put("bad/degenerate_all_same_vertex.obj", "model geometry is degenerate");
    expectedError.put("bad/deep_nesting_20000.glb", "glTF node hierarchy is more than");
    expectedError.put("bad/nan_coords.obj", "model has non-finite vertex coordinates");
    expectedError.put("bad/nan_coords.stl", "model has non-finite vertex coordinates");
    expectedError.put("bad/glb_chunk_length_overflow.glb", "GLB JSON chunk length 2,147,483,632 exceeds the file size 428");
    expectedError.put("bad/obj_index_out_of_range.obj", "Assimp could not read the file");
    expectedError.put("bad/ply_truncated_body.ply", "PLY header declares 1,000,000 vertex and 2,000,000 face");
    Set<String> renders = Set.of("bad/missing_mtl.obj", "bad/missing_textures.obj", "bad/duck_glb_named.stl");
    for (int i = 0; i < bad.size(); i++) {
      String rel = bad.get(i);
      JsonObject line = lines.get(i);
      assertEquals(models.resolve(rel).toString(), line.getString("file"));
      if (renders.contains(rel)) {
        assertTrue(line.getBoolean("ok"), rel + " renders with a fallback: " + line.encode());
        assertEquals(2, AnimatedWebp.read(Path.of(line.getString("webp"))).frames.size() - 1, rel);
      } else {
        assertFalse(line.getBoolean("ok"), rel + " fails: " + line.encode());
        String error = line.getString("error");
        assertNotNull(error, rel);
        assertTrue(error.chars().noneMatch(c -> c < 0x20 || c == 0x7f), rel + ": error has no control characters: " + error);
        assertTrue(error.length() < 400, rel + ": one short line");
        if (expectedError.containsKey(rel)) assertTrue(error.startsWith(expectedError.get(rel)), rel + ": " + error);
      }
    }
    assertTrue(lines.get(bad.size()).getBoolean("ok"), "a good model after all the bad ones renders");
  }
}
