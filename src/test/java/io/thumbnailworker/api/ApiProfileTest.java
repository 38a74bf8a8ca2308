package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code api --profile}: each profile mounts its contract's routes and hub only; the shared paths are settled per profile. */
class ApiProfileTest {
  private static ApiServer start(Vertx vertx, Path data, ApiProfile profile) {
    return ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).profile(profile).build()));
  }

  @Test
  @DisplayName("--profile spec has no Modelibr route or hub; /health is JSON")
  void specOnly(@TempDir Path data) {
    Vertx vertx = Vertx.vertx();
    ApiServer server = start(vertx, data, ApiProfile.SPEC);
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      long model = http.uploadModel("s.obj", ApiTestClient.obj(1)).getLong("id");
      for (String path : List.of("/thumbnail-jobs/dequeue", "/jobProcessingHub/negotiate?negotiateVersion=1", "/sounds",
          "/thumbnail-jobs/1/finish", "/models/" + model + "/thumbnail/png-upload")) {
        assertEquals(404, http.post(path, new JsonObject().put("workerId", "w")).statusCode(), path);
      }
      for (String path : List.of("/settings", "/settings/thumbnail-render", "/models/" + model + "/versions/1001/file", "/files/1")) {
        assertEquals(404, http.get(path).statusCode(), path);
      }
      assertEquals("healthy", http.get("/health").bodyAsJsonObject().getString("status"));
      assertEquals(200, http.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null).statusCode());
      assertEquals(new JsonObject().put("spec", "/hubs/thumbnail-jobs").put("modelibr", null),
          http.get("/server-info").bodyAsJsonObject().getJsonObject("hubs"));
      assertEquals(model, http.dequeue("w").getLong("modelId"));
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("--profile modelibr has no spec route or hub; /health is the text Healthy; uploads follow Modelibr's rules")
  void modelibrOnly(@TempDir Path data) {
    Vertx vertx = Vertx.vertx();
    ApiServer server = start(vertx, data, ApiProfile.MODELIBR);
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      JsonObject model = http.uploadModel("m.obj", ApiTestClient.obj(2));
      for (String path : List.of("/api/thumbnail-jobs/dequeue", "/hubs/thumbnail-jobs/negotiate?negotiateVersion=1",
          "/api/thumbnail-jobs/1/complete", "/api/thumbnail-jobs/1/fail")) {
        assertEquals(404, http.post(path, new JsonObject().put("workerId", "w")).statusCode(), path);
      }
      assertEquals(404, http.get("/api/thumbnail-jobs").statusCode());
      var health = http.get("/health");
      assertEquals("Healthy", health.bodyAsString());
      assertTrue(health.getHeader("Content-Type").startsWith("text/plain"));
      assertEquals(200, http.post("/jobProcessingHub/negotiate?negotiateVersion=1", null).statusCode());
      // without ?versionId= the upload is still Modelibr's: the part's own type decides
      String upload = "/models/" + model.getLong("id") + "/thumbnail/upload";
      byte[] webp = TestImages.webp(8, Color.RED);
      assertEquals(400, http.upload(upload, "t.webp", webp, "application/octet-stream", null).statusCode());
      assertEquals(200, http.upload(upload, "t.webp", webp, "image/webp", null).statusCode());
      assertEquals(200, http.get("/models/" + model.getLong("id") + "/file").statusCode());
      JsonObject job = ModelibrCalls.dequeue(http, "w");
      assertEquals(model.getLong("id"), job.getLong("modelId"));
      assertEquals("Processing", job.getString("status"));
      assertEquals(200, http.get("/").statusCode(), "the gallery is served in every profile");
      assertEquals(new JsonObject().put("spec", null).put("modelibr", "/jobProcessingHub"),
          http.get("/server-info").bodyAsJsonObject().getJsonObject("hubs"));
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("profile names parse case-insensitively; anything else is refused")
  void parse() {
    assertEquals(ApiProfile.MODELIBR, ApiProfile.parse("Modelibr"));
    assertEquals(ApiProfile.BOTH, ApiProfile.parse("both"));
    assertThrows(IllegalArgumentException.class, () -> ApiProfile.parse("auto"));
    assertEquals(ApiProfile.BOTH, ApiOptions.builder(Path.of("x")).build().profile(), "both by default");
  }
}
