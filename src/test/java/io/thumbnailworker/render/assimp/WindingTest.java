package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Back faces of single-sided glTF materials are culled, so after import every such triangle must wind
 * counter-clockwise around its normal, also under a mirrored node; double-sided materials stay drawable from both
 * sides. Real glTF files through the real Assimp.
 */
class WindingTest {

  @ParameterizedTest(name = "node scale x {0}, doubleSided {1}")
  @CsvSource({"1, false", "-1, false", "-1, true"})
  @DisplayName("single-sided glTF triangles face along their normals after import, mirrored or not")
  void windingFollowsNormals(int scaleX, boolean doubleSided, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("quad.gltf");
    Files.writeString(file, quadGltf(scaleX, doubleSided).encodePrettily());
    ModelData model = AssimpLoader.load(file, "quad.gltf", 1_000);
    assertEquals(1, model.meshes().size());
    ModelData.Mesh mesh = model.meshes().get(0);
    assertEquals(doubleSided, model.materials().get(mesh.material()).doubleSided());
    int agree = 0, against = 0;
    int[] idx = mesh.indices();
    for (int t = 0; t < idx.length; t += 3) {
      double d = facing(mesh, idx[t], idx[t + 1], idx[t + 2]);
      if (d > 0) agree++;
      else against++;
    }
    assertEquals(2, agree + against);
    if (!doubleSided) assertEquals(2, agree, "both triangles wind around their normals (scale x " + scaleX + ")");
  }

  @ParameterizedTest(name = "reversed {0}")
  @CsvSource({"false", "true"})
  @DisplayName("orientWindingToNormals flips a mesh wound against its normals and leaves a right one alone")
  void orientFlipsOnlyReversedMeshes(boolean reversed) {
    float[] pos = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    float[] nrm = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1};
    int[] idx = reversed ? new int[] {0, 2, 1, 0, 3, 2} : new int[] {0, 1, 2, 0, 2, 3};
    ModelData.Mesh mesh = new ModelData.Mesh(pos, nrm, null, null, idx.clone(), 0);
    AssimpLoader.orientWindingToNormals(mesh);
    assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, mesh.indices());
  }

  private static double facing(ModelData.Mesh m, int a, int b, int c) {
    float[] p = m.positions(), n = m.normals();
    double ux = p[3 * b] - p[3 * a], uy = p[3 * b + 1] - p[3 * a + 1], uz = p[3 * b + 2] - p[3 * a + 2];
    double vx = p[3 * c] - p[3 * a], vy = p[3 * c + 1] - p[3 * a + 1], vz = p[3 * c + 2] - p[3 * a + 2];
    return (uy * vz - uz * vy) * n[3 * a + 0] + (uz * vx - ux * vz) * n[3 * a + 1] + (ux * vy - uy * vx) * n[3 * a + 2];
  }

  /** A unit quad in the XY plane, counter-clockwise seen from +Z, normals +Z, under a node scaled by (scaleX, 1, 1). */
  private static JsonObject quadGltf(int scaleX, boolean doubleSided) {
    ByteBuffer b = ByteBuffer.allocate(4 * 3 * 4 * 2 + 2 * 6).order(ByteOrder.LITTLE_ENDIAN);
    float[] pos = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    for (float f : pos) b.putFloat(f);
    for (int i = 0; i < 4; i++) b.putFloat(0).putFloat(0).putFloat(1);
    for (int i : new int[] {0, 1, 2, 0, 2, 3}) b.putShort((short) i);
    String uri = "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(b.array());
    return new JsonObject()
        .put("asset", new JsonObject().put("version", "2.0"))
        .put("scene", 0)
        .put("scenes", new JsonArray().add(new JsonObject().put("nodes", new JsonArray().add(0))))
        .put("nodes", new JsonArray().add(new JsonObject().put("mesh", 0).put("scale", new JsonArray().add(scaleX).add(1).add(1))))
        .put("materials", new JsonArray().add(new JsonObject().put("doubleSided", doubleSided)
            .put("pbrMetallicRoughness", new JsonObject().put("baseColorFactor", new JsonArray().add(1).add(0).add(0).add(1)))))
        .put("meshes", new JsonArray().add(new JsonObject().put("primitives", new JsonArray().add(new JsonObject()
            .put("attributes", new JsonObject().put("POSITION", 0).put("NORMAL", 1)).put("indices", 2).put("material", 0)))))
        .put("buffers", new JsonArray().add(new JsonObject().put("byteLength", b.capacity()).put("uri", uri)))
        .put("bufferViews", new JsonArray()
            .add(new JsonObject().put("buffer", 0).put("byteOffset", 0).put("byteLength", 48))
            .add(new JsonObject().put("buffer", 0).put("byteOffset", 48).put("byteLength", 48))
            .add(new JsonObject().put("buffer", 0).put("byteOffset", 96).put("byteLength", 12)))
        .put("accessors", new JsonArray()
            .add(new JsonObject().put("bufferView", 0).put("componentType", 5126).put("count", 4).put("type", "VEC3")
                .put("min", new JsonArray().add(0).add(0).add(0)).put("max", new JsonArray().add(1).add(1).add(0)))
            .add(new JsonObject().put("bufferView", 1).put("componentType", 5126).put("count", 4).put("type", "VEC3"))
            .add(new JsonObject().put("bufferView", 2).put("componentType", 5123).put("count", 6).put("type", "SCALAR")));
  }
}
