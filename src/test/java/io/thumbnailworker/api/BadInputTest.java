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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input gets a clear JSON 4xx, and nothing is stored. */
class BadInputTest {
  static final long MAX_MODEL = 2 * 1024 * 1024;
  @TempDir
  static Path data;
  @TempDir
  static Path keyedData;
  static Vertx vertx;
  static ApiServer server;
  static ApiServer keyed;
  static ApiTestClient http;
  static long modelId;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).maxModelBytes(MAX_MODEL).build()));
    keyed = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(keyedData).port(0).apiKey("s3cret").build()));
    http = new ApiTestClient(vertx, server.port());
    modelId = http.uploadModel("good.obj", ApiTestClient.obj(1)).getLong("id");
  }

  @AfterAll
  static void stop() {
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(keyed.close());
    ApiTestClient.await(vertx.close());
  }

  /** Runs a bad request and checks: the status, a JSON {error, message}, and no new stored file or model. */
  static JsonObject rejected(int status, Supplier<HttpResponse<Buffer>> call) throws Exception {
    List<Path> before = stored();
    int models = http.get("/models").bodyAsJsonArray().size();
    HttpResponse<Buffer> r = call.get();
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertNotNull(body.getString("error"), r.bodyAsString());
    assertTrue(body.getString("message").length() > 10, r.bodyAsString());
    assertTrue(!body.getString("message").contains("Exception") && !body.getString("message").contains("\tat "), r.bodyAsString());
    assertEquals(models, http.get("/models").bodyAsJsonArray().size(), "a model was stored");
    Await.reached(Duration.ofSeconds(5), () -> stored(before));   // upload scratch files go when the response has ended
    assertEquals(before, stored(), "files were left behind");
    return body;
  }

  private static boolean stored(List<Path> expected) {
    try {
      return stored().equals(expected);
    } catch (IOException e) {
      return false;                                       // a scratch file vanished mid-walk: look again
    }
  }

  static List<Path> stored() throws IOException {
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(data.resolve("db"))).sorted().toList();
    }
  }

  static byte[] zip(int entries, String name, int bytesEach) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < entries; i++) {
        z.putNextEntry(new ZipEntry(i == 0 ? name : "extra-" + i + ".txt"));
        z.write(new byte[i == 0 ? bytesEach : 1]);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("model uploads: wrong content type, missing file field, empty, traversal names, unknown type, bad zips, too large")
  void badModelUploads() throws Exception {
    rejected(400, () -> http.post("/models", new JsonObject().put("file", "x")));
    rejected(400, () -> http.postRaw("/models", "application/octet-stream", Buffer.buffer("v 0 0 0")));
    rejected(400, () -> ApiTestClient.await(http.web.post("/models")
        .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("name", "no file here"))));
    rejected(400, () -> http.send(HttpMethod.POST, "/models", null));
    rejected(400, () -> http.upload("/models", "empty.obj", new byte[0], "model/obj", null));
    for (String evil : List.of("../../etc/evil.obj", "..\\evil.obj", "/abs/evil.obj", "C:evil.obj", "..")) {
      JsonObject e = rejected(400, () -> http.upload("/models", evil, ApiTestClient.obj(2), "model/obj", null));
      assertTrue(e.getString("message").contains("file name"), e.encode());
    }
    rejected(400, () -> http.upload("/models", "notes.txt", "hello".getBytes(), "text/plain", null));
    JsonObject trav = rejected(400, () -> call(() -> http.upload("/models", "m.zip", zip(1, "../evil.obj", 10), "application/zip", null)));
    assertTrue(trav.getString("message").contains("../evil.obj"), trav.encode());
    rejected(400, () -> call(() -> http.upload("/models", "m.zip", zip(1, "/etc/evil.obj", 10), "application/zip", null)));
    rejected(400, () -> call(() -> http.upload("/models", "m.zip", zip(1001, "a.obj", 10), "application/zip", null)));
    rejected(400, () -> call(() -> http.upload("/models", "m.zip", zip(2, "readme.md", 10), "application/zip", null)));
    rejected(400, () -> http.upload("/models", "m.zip", "PK not really".getBytes(), "application/zip", null));
    rejected(413, () -> call(() -> http.upload("/models", "bomb.zip", zip(1, "a.obj", (int) MAX_MODEL + 1), "application/zip", null)));
    rejected(413, () -> http.upload("/models", "big.obj", new byte[(int) MAX_MODEL + 200_000], "model/obj", null));
  }

  @Test
  @DisplayName("thumbnail uploads: PNG renamed .webp, not an image, 11 MB, empty, unknown model, bad dimensions")
  void badThumbnails() throws Exception {
    String url = "/models/" + modelId + "/thumbnail/upload";
    JsonObject renamed = rejected(400, () -> http.upload(url, "thumb.webp", TestImages.png(32, Color.BLUE), "image/png", null));
    assertTrue(renamed.getString("message").contains("image/png"), renamed.encode());
    rejected(400, () -> http.upload(url, "thumb.png", TestImages.png(32, Color.BLUE), "image/webp", null));
    rejected(400, () -> http.upload(url, "thumb.webp", "<svg/>".getBytes(), "image/webp", null));
    byte[] huge = new byte[11 * 1000 * 1000];
    System.arraycopy("RIFF\0\0\0\0WEBPVP8 ".getBytes(), 0, huge, 0, 16);
    rejected(413, () -> http.upload(url, "huge.webp", huge, "image/webp", null));
    rejected(400, () -> http.upload(url, "empty.webp", new byte[0], "image/webp", null));
    rejected(404, () -> http.upload("/models/999999/thumbnail/upload", "t.webp", TestImages.webp(16, Color.RED), "image/webp", null));
    rejected(400, () -> http.upload("/models/abc/thumbnail/upload", "t.webp", TestImages.webp(16, Color.RED), "image/webp", null));
    rejected(400, () -> http.upload(url, "t.webp", TestImages.webp(16, Color.RED), "image/webp", new JsonObject().put("width", "wide")));
    rejected(400, () -> http.postRaw(url, "image/webp", Buffer.buffer(TestImages.webp(16, Color.RED))));
  }

  @Test
  @DisplayName("job calls: malformed JSON, missing or wrong-typed workerId, unknown ids, unknown status, unknown paths")
  void badJobCalls() throws Exception {
    rejected(400, () -> http.postRaw("/api/thumbnail-jobs/dequeue", "application/json", Buffer.buffer("{\"workerId\":")));
    rejected(400, () -> http.postRaw("/api/thumbnail-jobs/dequeue", "application/json", Buffer.buffer("[1,2]")));
    JsonObject missing = rejected(400, () -> http.post("/api/thumbnail-jobs/dequeue", new JsonObject()));
    assertTrue(missing.getString("message").contains("workerId"), missing.encode());
    rejected(400, () -> http.post("/api/thumbnail-jobs/dequeue", new JsonObject().put("workerId", 42)));
    rejected(404, () -> http.post("/api/thumbnail-jobs/424242/complete", new JsonObject().put("workerId", "w")));
    rejected(404, () -> http.post("/api/thumbnail-jobs/424242/fail", new JsonObject().put("errorMessage", "x")));
    rejected(404, () -> http.post("/api/thumbnail-jobs/424242/retry", null));
    rejected(400, () -> http.post("/api/thumbnail-jobs/x1/complete", new JsonObject()));
    rejected(400, () -> http.post("/api/thumbnail-jobs/1/complete", new JsonObject().put("sizeBytes", "big")));
    rejected(400, () -> http.get("/api/thumbnail-jobs?status=Sleeping"));
    rejected(404, () -> http.get("/models/424242"));
    rejected(404, () -> http.get("/models/424242/file"));
    rejected(404, () -> http.get("/hashes/" + "ab".repeat(32) + "/thumbnail.webp"));
    rejected(404, () -> http.get("/hashes/..%2f..%2fdb/thumbnail.webp"));
    rejected(404, () -> http.get("/no/such/endpoint"));
    // a job that is not InProgress cannot be completed (409), and nothing changed
    long jobId = http.get("/models/" + modelId).bodyAsJsonObject().getLong("jobId");
    rejected(409, () -> http.post("/api/thumbnail-jobs/" + jobId + "/complete", new JsonObject().put("workerId", "w")));
  }

  @Test
  @DisplayName("with an API key: 401 without it; X-Api-Key, access_token and Bearer accepted; /health and the page open")
  void apiKey() {
    try (ApiTestClient c = new ApiTestClient(vertx, keyed.port())) {
      HttpResponse<Buffer> r = c.get("/models");
      assertEquals(401, r.statusCode());
      assertEquals("unauthorized", r.bodyAsJsonObject().getString("error"));
      assertEquals(401, c.post("/api/thumbnail-jobs/dequeue", new JsonObject().put("workerId", "w")).statusCode());
      assertEquals(401, c.post("/hubs/thumbnail-jobs/negotiate?negotiateVersion=1", null).statusCode());
      assertEquals(200, c.get("/health").statusCode());
      assertEquals(200, c.get("/").statusCode());
      assertEquals(200, c.get("/models?access_token=s3cret").statusCode());
      assertEquals(200, ApiTestClient.await(c.web.get("/models").putHeader("Authorization", "Bearer s3cret").send()).statusCode());
      c.apiKey = "wrong";
      assertEquals(401, c.get("/models").statusCode());
      c.apiKey = "s3cret";
      assertEquals(200, c.get("/models").statusCode());
    }
  }

  private interface IoCall {
    HttpResponse<Buffer> run() throws IOException;
  }

  private static HttpResponse<Buffer> call(IoCall c) {
    try {
      return c.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
