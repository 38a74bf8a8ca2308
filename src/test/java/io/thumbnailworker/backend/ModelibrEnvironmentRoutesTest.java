package io.thumbnailworker.backend;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Modelibr's environment-map routes: the job's variant picked from the map answer, its files, the upload routes. */
class ModelibrEnvironmentRoutesTest {
  static final ModelibrBackend BACKEND = new ModelibrBackend();
  static final EnvironmentMapRoutes ROUTES = BACKEND.environmentMaps().orElseThrow();

  static DequeuedJob job(Long variantId) {
    JsonObject body = new JsonObject().put("id", 41).put("assetType", "EnvironmentMap").put("environmentMapId", 7);
    if (variantId != null) body.put("environmentMapVariantId", variantId);
    return BACKEND.readJob(body);
  }

  static JsonObject file(long id, String name) {
    return new JsonObject().put("fileId", id).put("fileName", name).put("fileUrl", "/files/" + id);
  }

  static JsonObject map() {
    JsonObject faces = new JsonObject();
    List<String> order = List.of("nz", "pz", "ny", "py", "nx", "px");   // not Modelibr's order: the reader puts it right
    for (int i = 0; i < 6; i++) faces.put(order.get(i), file(20 + i, order.get(i) + ".png"));
    return new JsonObject().put("id", 7).put("variants", new JsonArray()
        .add(new JsonObject().put("id", 3).put("panoramicFile", file(11, "sky.hdr")).putNull("cubeFaces"))
        .add(new JsonObject().put("id", 2).putNull("panoramicFile").put("cubeFaces", faces)));
  }

  @Test
  @DisplayName("the job's variant is read from the map: a panorama's one file, or the six faces in px, nx, py, ny, pz, nz order")
  void variants() {
    assertEquals("/environment-maps/7", ROUTES.mapPath(job(3L)));
    EnvironmentMapRoutes.Variant panoramic = ROUTES.readVariant(job(3L), map());
    assertEquals(new EnvironmentMapRoutes.Variant(3, false, List.of(new EnvironmentMapRoutes.File("panoramic", 11, "sky.hdr"))), panoramic);
    EnvironmentMapRoutes.Variant cube = ROUTES.readVariant(job(2L), map());
    assertTrue(cube.cube());
    assertEquals(List.of("px", "nx", "py", "ny", "pz", "nz"), cube.files().stream().map(EnvironmentMapRoutes.File::face).toList());
    assertEquals(List.of(25L, 24L, 23L, 22L, 21L, 20L), cube.files().stream().map(EnvironmentMapRoutes.File::fileId).toList());
  }

  @Test
  @DisplayName("a variant absent from the map, a job without a variant id and a cube without a face are readable failures")
  void missing() {
    var absent = assertThrows(IllegalArgumentException.class, () -> ROUTES.readVariant(job(9L), map()));
    assertEquals("environment map 7 has no variant 9 (variants: [3, 2])", absent.getMessage());
    var none = assertThrows(IllegalArgumentException.class, () -> ROUTES.readVariant(job(null), map()));
    assertEquals("the job names no environmentMapVariantId", none.getMessage());
    JsonObject broken = map();
    broken.getJsonArray("variants").getJsonObject(1).getJsonObject("cubeFaces").remove("py");
    var face = assertThrows(IllegalArgumentException.class, () -> ROUTES.readVariant(job(2L), broken));
    assertEquals("variant 2 has no cube face py", face.getMessage());
  }

  @Test
  @DisplayName("the WebP goes to the variant's thumbnail/upload, the JPEG poster to its png-upload, finished on the map route")
  void uploads() {
    assertEquals("/environment-maps/7/variants/3/thumbnail/upload", BACKEND.uploadPath(job(3L), "image/webp"));
    assertEquals("/environment-maps/7/variants/3/thumbnail/png-upload", BACKEND.uploadPath(job(3L), "image/jpeg"));
    assertEquals("jpeg", ROUTES.posterFormat());
    assertEquals("/thumbnail-jobs/environment-maps/41/finish",
        BACKEND.complete(41, "EnvironmentMap", new JsonObject().put("thumbnailPath", "/files/5")).path());
  }
}
