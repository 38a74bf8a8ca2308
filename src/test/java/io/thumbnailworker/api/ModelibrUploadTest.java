package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Path;

import static io.thumbnailworker.api.ModelibrRoutesTest.error;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Modelibr's keyed routes: thumbnail uploads judged by the part's own Content-Type and {@code ?versionId=}, the asset
 * image uploads, and a version's side data; without the key each is a 401.
 */
class ModelibrUploadTest {
  static final String KEY = "upload-key";
  static final long MAX_THUMBNAIL = 100_000;
  @TempDir
  static Path data;
  static Vertx vertx;
  static ApiServer server;
  static ApiTestClient http;
  static ApiTestClient anon;
  static JsonObject model;
  static String upload;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).apiKey(KEY)
        .maxThumbnailBytes(MAX_THUMBNAIL).build()));
    http = new ApiTestClient(vertx, server.port());
    http.apiKey = KEY;
    anon = new ApiTestClient(vertx, server.port());
    model = http.uploadModel("thumbs.obj", ApiTestClient.obj(1));
    upload = "/models/" + model.getLong("id") + "/thumbnail/";
  }

  @AfterAll
  static void stop() {
    http.close();
    anon.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  static HttpResponse<Buffer> post(ApiTestClient client, String route, String type, byte[] content) {
    return new ModelibrCalls.Form().file("file", "t.img", type, content).field("width", "64").field("height", "64")
        .post(client, upload + route + "?versionId=" + model.getLong("modelVersionId"));
  }

  @Test
  @DisplayName("thumbnail upload: png/jpeg/jpg/webp by the part's type, no parameters, no missing type; png-upload only PNG")
  void partContentTypes() {
    byte[] webp = TestImages.webp(16, Color.GREEN);
    JsonObject ok = post(http, "upload", "image/webp", webp).bodyAsJsonObject();
    assertEquals(model.getLong("id"), ok.getLong("modelId"));
    assertEquals(64, ok.getInteger("width"));
    assertEquals(webp.length, ok.getLong("sizeBytes"));
    assertTrue(ok.getString("thumbnailPath").endsWith("/thumbnail.webp"), ok.encode());
    assertArrayEquals(webp, http.get(ok.getString("thumbnailPath")).body().getBytes());
    assertEquals(ok.getString("thumbnailPath"), http.get("/models/" + model.getLong("id")).bodyAsJsonObject()
        .getString("thumbnailPath"), "the gallery shows it at once");
    for (String type : new String[] {"image/png", "image/jpeg", "image/jpg"}) {
      assertEquals(200, post(http, "upload", type, TestImages.png(8, Color.RED)).statusCode(), type);
    }
    for (String type : new String[] {"image/gif", "application/octet-stream", "image/png; charset=binary", "text/plain"}) {
      error(400, "InvalidThumbnailFormat", post(http, "upload", type, TestImages.png(8, Color.RED)));
    }
    error(400, "InvalidThumbnailFormat", post(http, "upload", null, TestImages.png(8, Color.RED)));

    JsonObject png = post(http, "png-upload", "image/png", TestImages.png(8, Color.BLUE)).bodyAsJsonObject();
    assertTrue(png.getString("pngThumbnailPath").endsWith("/thumbnail.png"), png.encode());
    assertNull(png.getValue("thumbnailPath"));
    error(400, "InvalidThumbnailFormat", post(http, "png-upload", "image/webp", webp));
    error(400, "InvalidThumbnailFormat", post(http, "png-upload", "image/jpeg", TestImages.jpeg(8, Color.RED)));

    error(400, "InvalidFile", post(http, "upload", "image/png", new byte[0]));
    error(400, "FileTooLarge", post(http, "upload", "image/png", new byte[(int) MAX_THUMBNAIL + 1]));
  }

  @Test
  @DisplayName("?versionId= must be a version of that model; a model that does not exist is a 404")
  void versionId() {
    String url = upload + "upload?versionId=";
    byte[] png = TestImages.png(8, Color.RED);
    error(400, "ModelVersionNotFound", new ModelibrCalls.Form().file("file", "t.png", "image/png", png)
        .post(http, url + (model.getLong("modelVersionId") + 100)));
    error(400, "ModelVersionNotFound", new ModelibrCalls.Form().file("file", "t.png", "image/png", png).post(http, url + "abc"));
    error(404, null, new ModelibrCalls.Form().file("file", "t.png", "image/png", png)
        .post(http, "/models/999999/thumbnail/upload?versionId=1001"));
    // without ?versionId= (both profiles spoken) the spec's form applies: any declared type, judged by content
    assertEquals(200, http.upload(upload + "upload", "t.webp", TestImages.webp(8, Color.RED), "application/octet-stream", null)
        .statusCode());
  }

  @Test
  @DisplayName("keyed routes answer 401 without the key; job, settings and file routes stay open")
  void keyedRoutes() {
    error(401, null, post(anon, "upload", "image/png", TestImages.png(8, Color.RED)));
    error(401, null, post(anon, "png-upload", "image/png", TestImages.png(8, Color.RED)));
    String v = "/model-versions/" + model.getLong("modelVersionId");
    JsonObject meta = new JsonObject().put("triangleCount", 1).put("materialNames", new io.vertx.core.json.JsonArray().add("a"));
    for (String side : new String[] {"/technical-metadata", "/material-names", "/scene-graph"}) {
      error(401, null, anon.send(HttpMethod.PUT, v + side, meta));
    }
    assertEquals(204, http.send(HttpMethod.PUT, v + "/technical-metadata", meta).statusCode());
    assertEquals(204, http.send(HttpMethod.PUT, v + "/material-names", new JsonObject().put("materialNames",
        new io.vertx.core.json.JsonArray().add("Body").add("Wheels"))).statusCode());
    error(400, "InvalidFileHash", http.send(HttpMethod.PUT, v + "/scene-graph", new JsonObject().put("fileSha256", "abc")));
    JsonObject graph = new JsonObject().put("fileSha256", model.getString("hash")).put("extractorVersion", 2)
        .put("parts", new io.vertx.core.json.JsonArray());
    assertEquals(204, http.send(HttpMethod.PUT, v + "/scene-graph", graph).statusCode());
    error(400, "ModelVersionNotFound", http.send(HttpMethod.PUT, "/model-versions/999999/technical-metadata", meta));
    JsonObject back = http.get(v).bodyAsJsonObject();
    assertEquals(meta, back.getJsonObject("technicalMetadata"));
    assertEquals("Wheels", back.getJsonObject("materialNames").getJsonArray("materialNames").getString(1));
    assertEquals(graph, back.getJsonObject("sceneGraph"));

    int dequeued = anon.post("/thumbnail-jobs/dequeue", new JsonObject().put("workerId", "open")).statusCode();
    assertTrue(dequeued == 200 || dequeued == 204, "dequeue needs no key: " + dequeued);
    assertEquals(200, anon.get("/settings").statusCode());
    assertEquals(200, anon.get("/models/" + model.getLong("id") + "/versions/" + model.getLong("modelVersionId") + "/file").statusCode());
    assertEquals(200, anon.post("/jobProcessingHub/negotiate?negotiateVersion=1", null).statusCode());
    error(401, null, anon.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null));
  }

  @Test
  @DisplayName("sound waveform, texture-set and environment-map thumbnails upload under the key and show on the asset")
  void assetImages() {
    JsonObject sound = http.upload("/sounds", "hum.wav", new byte[] {1, 2, 3}, "audio/wav", null).bodyAsJsonObject();
    String wave = "/sounds/" + sound.getLong("id") + "/waveform/upload";
    byte[] png = TestImages.png(16, Color.BLUE);
    error(401, null, new ModelibrCalls.Form().file("file", "w.png", "image/png", png).post(anon, wave));
    error(400, "InvalidFileType", new ModelibrCalls.Form().file("file", "w.png", "image/webp", png).post(http, wave));
    JsonObject stored = new ModelibrCalls.Form().file("file", "w.png", "image/png", png).field("soundHash", "abc")
        .post(http, wave).bodyAsJsonObject();
    assertEquals("waveforms/abc/waveform.png", stored.getString("storagePath"));
    assertArrayEquals(new byte[] {1, 2, 3}, anon.get("/sounds/" + sound.getLong("id") + "/file").body().getBytes());
    error(404, "SoundNotFound", anon.get("/sounds/999999"));

    JsonObject set = ModelibrRoutesTest.textureSetOn(http);
    String setThumb = "/texture-sets/" + set.getLong("id") + "/thumbnail/";
    error(401, null, new ModelibrCalls.Form().file("file", "t.webp", "image/webp", png).post(anon, setThumb + "upload"));
    String webpPath = new ModelibrCalls.Form().file("file", "t.webp", "image/webp", TestImages.webp(8, Color.RED))
        .post(http, setThumb + "upload").bodyAsJsonObject().getString("thumbnailPath");
    String pngPath = new ModelibrCalls.Form().file("file", "t.png", "image/png", png).post(http, setThumb + "png-upload")
        .bodyAsJsonObject().getString("thumbnailPath");
    JsonObject after = anon.get("/texture-sets/" + set.getLong("id")).bodyAsJsonObject();
    assertEquals(webpPath, after.getString("thumbnailPath"));
    assertEquals(pngPath, after.getString("pngThumbnailPath"));
    assertArrayEquals(png, anon.get(pngPath).body().getBytes());
    error(400, "TextureSetNotFound", new ModelibrCalls.Form().file("file", "t.png", "image/png", png)
        .post(http, "/texture-sets/999999/thumbnail/upload"));

    ModelibrCalls.Form cube = new ModelibrCalls.Form();
    for (String face : new String[] {"px", "nx", "py", "ny", "pz", "nz"}) cube.file(face, face + ".png", "image/png", png);
    JsonObject map = cube.post(http, "/environment-maps").bodyAsJsonObject();
    assertEquals("cube", map.getJsonArray("variants").getJsonObject(0).getString("sourceType"));
    assertEquals(6, map.getJsonObject("cubeFaces").size());
    String variant = "/environment-maps/" + map.getLong("id") + "/variants/" + map.getLong("previewVariantId") + "/thumbnail/";
    error(400, "InvalidThumbnailFormat", new ModelibrCalls.Form().file("file", "t.gif", "image/gif", png).post(http, variant + "upload"));
    JsonObject up = new ModelibrCalls.Form().file("file", "t.jpg", "IMAGE/JPEG", TestImages.jpeg(8, Color.RED))
        .post(http, variant + "png-upload").bodyAsJsonObject();
    assertEquals(map.getLong("previewVariantId"), up.getLong("variantId"));
    assertEquals(up.getString("thumbnailPath"), anon.get("/environment-maps/" + map.getLong("id")).bodyAsJsonObject()
        .getJsonArray("variants").getJsonObject(0).getString("thumbnailPath"));
    error(400, "EnvironmentMapVariantNotFound", new ModelibrCalls.Form().file("file", "t.png", "image/png", png)
        .post(http, "/environment-maps/" + map.getLong("id") + "/variants/999999/thumbnail/upload"));
  }
}
