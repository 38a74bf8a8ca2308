package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Part paths, the geometry hash, and the scene facts taken from a real Assimp import. */
class SceneFactsTest {
  private static final ImportOptions FACTS = ImportOptions.DEFAULT.withSceneFacts();

  @Test
  void partPathsEscapeAndNumberSiblings() {
    assertEquals("a%2Fb%25c%5B1%5D", PartPaths.escape("  a/b%c[1] "));
    assertEquals(List.of("wheel[0]", "body", "wheel[1]", "[0]", "[1]", "x%2Fy"),
        PartPaths.siblings(java.util.Arrays.asList("wheel", "body", " wheel ", "", null, "x/y")));
    assertEquals("car", PartPaths.child(PartPaths.ROOT, "car"));
    assertEquals("car/wheel[1]", PartPaths.child("car", "wheel[1]"));
  }

  @Test
  void geometryHashIsFnv1a64OfTheSortedTriangles() {
    // the reference FNV-1a-64 test vectors
    assertEquals("cbf29ce484222325", GeometryHash.fnv1a64(""));
    assertEquals("af63dc4c8601ec8c", GeometryHash.fnv1a64("a"));
    float[] p = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0.000004f, 0, 1};
    int[] tris = {0, 1, 2, 0, 2, 3};
    String h = GeometryHash.of(p, tris);
    assertEquals(GeometryHash.fnv1a64("4|2|0,0,0;0,0,100000;0,100000,0|0,0,0;0,100000,0;100000,0,0"), h);
    // triangle order, corner order and noise below 1e-5 do not change it; another shape does
    assertEquals(h, GeometryHash.of(p, new int[] {3, 0, 2, 1, 2, 0}));
    float[] nudged = p.clone();
    nudged[3] = 1.000001f;
    assertEquals(h, GeometryHash.of(nudged, tris));
    nudged[3] = 1.1f;
    assertNotEquals(h, GeometryHash.of(nudged, tris));
    assertEquals(GeometryHash.fnv1a64("2|0|0,0,0|100000,0,0"), GeometryHash.of(new float[] {1, 0, 0, 0, 0, 0}, new int[0]));
  }

  @Test
  void factsOfARealImportCountTheFileAsWritten(@TempDir Path dir) throws Exception {
    Path obj = dir.resolve("two.obj");
    Files.writeString(obj, TestScenes.TWO_OBJECTS, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("two.mtl"), TestScenes.MTL, StandardCharsets.UTF_8);
    ModelData model = AssimpLoader.load(obj, "two.obj", 1_000_000, FACTS);
    JsonObject facts = SceneFacts.take();
    assertNotNull(facts, "the import left its facts");
    assertNull(SceneFacts.take(), "taken once");
    assertEquals(13, model.sourceTriangles(), "the render's import is unchanged");
    ModelData plain = AssimpLoader.load(obj, "two.obj", 1_000_000);
    assertNull(SceneFacts.take(), "no facts unless asked for");
    assertEquals(model.triangleCount(), plain.triangleCount(), "the one-pass import reads the same triangles");

    JsonObject tech = facts.getJsonObject("technicalMetadata");
    assertEquals(2, tech.getInteger("meshCount"), tech.encode());
    assertEquals(13, tech.getInteger("triangleCount"), tech.encode());
    assertEquals(27, tech.getInteger("vertexCount"), "one vertex per face corner, as the file is written: " + tech.encode());
    assertEquals(new JsonArray().add("Red").add("Blue"), tech.getJsonArray("materialNames"));
    assertEquals(2, tech.getInteger("materialCount"));
    assertEquals(5.0, tech.getDouble("boundingBoxX"), 1e-9);
    assertEquals(2.0, tech.getDouble("boundingBoxY"), 1e-9);
    assertEquals(2.0, tech.getDouble("boundingBoxZ"), 1e-9);
    assertEquals(0, tech.getInteger("animationCount"));

    JsonObject graph = facts.getJsonObject("sceneGraph");
    JsonArray parts = graph.getJsonArray("parts");
    assertEquals(2, parts.size(), parts.encode());
    JsonObject box = parts.getJsonObject(0), wedge = parts.getJsonObject(1);
    assertEquals("Box", box.getString("partPath"));
    assertEquals("/", box.getString("parentPath"));
    assertEquals(1, box.getInteger("depth"));
    assertEquals("mesh", box.getString("objectType"));
    assertEquals(12, box.getInteger("triangleCount"));
    assertEquals(24, box.getInteger("vertexCount"));
    assertFalse(box.getBoolean("hasUvs"));
    assertEquals("Wedge", wedge.getString("partPath"));
    assertEquals(1, wedge.getInteger("triangleCount"));
    assertEquals(GeometryHash.of(new float[] {4, 0, 0, 5, 0, 0, 4, 1, 1}, new int[] {0, 1, 2}), wedge.getString("geometryHash"));
    assertNotEquals(box.getString("geometryHash"), wedge.getString("geometryHash"));
    assertEquals(new JsonArray().add(0.0).add(0.0).add(0.0).add(1.0),
        box.getJsonObject("detail").getJsonObject("transform").getJsonArray("quaternion"));
    assertEquals(new JsonArray().add("Blue"), wedge.getJsonObject("detail").getJsonArray("materialSlots"));

    JsonObject rollups = graph.getJsonObject("rollups");
    assertEquals(2, rollups.getInteger("meshCount"));
    assertEquals(13, rollups.getInteger("totalTriangles"));
    assertEquals(new JsonArray().add(5.0).add(2.0).add(2.0), rollups.getJsonObject("worldBounds").getJsonArray("dimensions"));
  }

  @Test
  void aFileAssimpCannotReadLeavesNoFacts(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.ply");
    Files.writeString(bad, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n1\n");
    assertThrows(Exception.class, () -> AssimpLoader.load(bad, "bad.ply", 1_000_000, FACTS));
    assertNull(SceneFacts.take());
  }

  @Test
  void factsOfCorpusModelsMatchTheirManifest() throws Exception {
    Path models = Path.of(System.getProperty("thumbnail.models.dir", "../shared/models"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(models.resolve("glb")), "no corpus at " + models.toAbsolutePath());
    AssimpLoader.load(models.resolve("glb/Duck.glb"), "Duck.glb", 1_000_000, FACTS);
    JsonObject duck = SceneFacts.take();
    JsonObject tech = duck.getJsonObject("technicalMetadata");
    assertEquals(4212, tech.getInteger("triangleCount"), "MANIFEST.md: 4,212 triangles, 1 mesh");
    assertEquals(1, tech.getInteger("meshCount"));
    JsonObject mesh = duck.getJsonObject("sceneGraph").getJsonArray("parts").stream().map(JsonObject.class::cast)
        .filter(p -> p.getInteger("triangleCount") != null).findFirst().orElseThrow();
    assertTrue(mesh.getBoolean("hasUvs"), mesh.encode());
    assertEquals(mesh.getInteger("depth"), mesh.getString("partPath").split("/").length, mesh.encode());

    AssimpLoader.load(models.resolve("glb/CesiumMan.glb"), "CesiumMan.glb", 1_000_000, FACTS);
    JsonObject man = SceneFacts.take();
    JsonObject manTech = man.getJsonObject("technicalMetadata");
    assertEquals(4672, manTech.getInteger("triangleCount"), manTech.encode());
    assertEquals(1, manTech.getInteger("animationCount"), manTech.encode());
    assertTrue(manTech.getInteger("boneCount") > 10, manTech.encode());
    JsonArray parts = man.getJsonObject("sceneGraph").getJsonArray("parts");
    assertTrue(parts.stream().map(JsonObject.class::cast).anyMatch(p -> "skinnedMesh".equals(p.getString("objectType"))), parts.encode());
    assertTrue(parts.stream().map(JsonObject.class::cast).anyMatch(p -> "bone".equals(p.getString("objectType"))), parts.encode());
    assertEquals(0, man.getJsonObject("sceneGraph").getJsonObject("rollups").getInteger("meshCount"),
        "the rollup counts plain meshes only");
  }

  @Test
  void everyGoodCorpusModelHasFactsThatCountWhatTheRenderDraws() throws Exception {
    Path models = Path.of(System.getProperty("thumbnail.models.dir", "../shared/models"));
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(models.resolve("glb")), "no corpus at " + models.toAbsolutePath());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\| `([^`]+)`").matcher(Files.readString(models.resolve("MANIFEST.md")));
    int checked = 0;
    while (m.find()) {
      String rel = m.group(1);
      if (rel.startsWith("bad/") || rel.endsWith(".blend")) continue;
      Path file = models.resolve(rel);
      ModelData model = AssimpLoader.load(file, file.getFileName().toString(), 50_000_000, FACTS);
      JsonObject facts = SceneFacts.take();
      assertNotNull(facts, rel);
      JsonObject tech = facts.getJsonObject("technicalMetadata");
      assertEquals(model.sourceTriangles(), tech.getLong("triangleCount"), rel + ": the facts count the triangles the render reads");
      JsonArray parts = facts.getJsonObject("sceneGraph").getJsonArray("parts");
      assertFalse(parts.isEmpty(), rel);
      java.util.Set<String> paths = new java.util.HashSet<>();
      for (Object o : parts) assertTrue(paths.add(((JsonObject) o).getString("partPath")), rel + ": part paths are unique");
      assertTrue(tech.getDouble("boundingBoxX") + tech.getDouble("boundingBoxY") + tech.getDouble("boundingBoxZ") > 0, rel);
      checked++;
    }
    assertTrue(checked >= 30, "corpus models checked: " + checked);
  }
}
