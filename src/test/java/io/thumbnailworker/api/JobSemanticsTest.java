package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job life cycle, uploads and downloads as design §2 defines them, plus the fault injector used by the worker's tests. */
class JobSemanticsTest {
  @TempDir
  static Path data;
  static Vertx vertx;
  static FaultInjector faults = new FaultInjector();
  static ApiServer server;
  static ApiTestClient http;
  static HubEvents hub;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).faults(faults).build()));
    http = new ApiTestClient(vertx, server.port());
    hub = new HubEvents(server.baseUrl(), null);
  }

  @AfterAll
  static void stop() {
    hub.close();
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  /** Claims until it gets the job of {@code jobId} (other tests' jobs may be ahead in the queue; they are completed). */
  static JsonObject claim(long jobId, String worker) {
    for (JsonObject j; (j = http.dequeue(worker)) != null; ) {
      if (j.getLong("id") == jobId) return j;
      http.post("/api/thumbnail-jobs/" + j.getLong("id") + "/complete", new JsonObject());
    }
    throw new AssertionError("job " + jobId + " was not claimable");
  }

  static synchronized long newJob(String name) {
    return http.uploadModel(name, (name + System.nanoTime()).getBytes()).getLong("jobId");
  }

  @Test
  @DisplayName("fail re-queues and re-announces while attempts remain, then ends Failed; wrong worker 409, no worker accepted")
  void failRequeuesUntilAttemptsRunOut() throws Exception {
    long id;
    synchronized (JobSemanticsTest.class) {
      id = newJob("flaky.obj");
      claim(id, "w1");
    }
    String fail = "/api/thumbnail-jobs/" + id + "/fail";
    assertEquals(409, http.post(fail, new JsonObject().put("workerId", "w2").put("errorMessage", "not mine")).statusCode());
    HttpResponse<Buffer> r = http.post(fail, new JsonObject().put("workerId", "w1").put("errorMessage", "GL context lost"));
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("Failed", body.getString("status"));
    assertEquals(id, body.getLong("jobId"));
    assertEquals("GL context lost", body.getString("errorMessage"));
    assertTrue(body.getBoolean("requeued"));
    assertTrue(body.getString("failedAt").endsWith("Z"));
    hub.await("JobEnqueued " + id + " Pending attempts=1");
    // the same fail repeated (a retried request) changes nothing
    assertEquals(200, http.post(fail, new JsonObject().put("workerId", "w1").put("errorMessage", "GL context lost")).statusCode());
    assertEquals(1, http.job(id).getInteger("attemptCount"));

    synchronized (JobSemanticsTest.class) {
      claim(id, "w2");
    }
    // a fail naming no worker is accepted, as the spec defines
    assertTrue(http.post(fail, new JsonObject().put("errorMessage", "second")).bodyAsJsonObject().getBoolean("requeued"));
    hub.await("JobEnqueued " + id + " Pending attempts=2");
    synchronized (JobSemanticsTest.class) {
      claim(id, "w3");
    }
    JsonObject last = http.post(fail, new JsonObject().put("workerId", "w3").put("errorMessage", "third")).bodyAsJsonObject();
    assertTrue(!last.getBoolean("requeued"));
    JsonObject job = http.job(id);
    assertEquals("Failed", job.getString("status"));
    assertEquals(3, job.getInteger("attemptCount"));
    assertEquals("third", job.getString("errorMessage"));
    hub.await("JobStatusChanged " + id + " Failed");
    assertEquals(0, hub.count("JobEnqueued " + id + " Pending attempts=3"));
    assertEquals(1, http.get("/api/thumbnail-jobs?status=failed").bodyAsJsonArray().stream()
        .filter(o -> ((JsonObject) o).getLong("id") == id).count());
  }

  @Test
  @DisplayName("complete: holder or no worker accepted, other worker 409 (body or X-Worker-Id), a repeat is idempotent")
  void completeSemantics() {
    long id;
    JsonObject claimed;
    synchronized (JobSemanticsTest.class) {
      id = newJob("done.obj");
      claimed = claim(id, "holder");
    }
    assertEquals("InProgress", claimed.getString("status"));
    assertEquals("holder", claimed.getString("assignedWorkerId"));
    assertTrue(claimed.getString("assignedAt").endsWith("Z") && claimed.getString("createdAt").endsWith("Z"));
    String complete = "/api/thumbnail-jobs/" + id + "/complete";
    JsonObject result = new JsonObject().put("thumbnailPath", "/hashes/x/thumbnail.webp").put("sizeBytes", 1234).put("width", 256).put("height", 256);
    assertEquals(409, http.post(complete, result.copy().put("workerId", "intruder")).statusCode());
    HttpResponse<Buffer> viaHeader = ApiTestClient.await(http.web.post(complete).putHeader("X-Worker-Id", "intruder").sendJsonObject(result));
    assertEquals(409, viaHeader.statusCode());
    assertTrue(viaHeader.bodyAsJsonObject().getString("message").contains("held by worker holder"));
    HttpResponse<Buffer> ok = ApiTestClient.await(http.web.post(complete).putHeader("X-Worker-Id", "holder").sendJsonObject(result));
    assertEquals(200, ok.statusCode());
    JsonObject body = ok.bodyAsJsonObject();
    assertEquals("Completed", body.getString("status"));
    assertEquals(id, body.getLong("jobId"));
    HttpResponse<Buffer> again = http.post(complete, result.copy().put("workerId", "holder"));
    assertEquals(200, again.statusCode());
    assertEquals(body.getString("completedAt"), again.bodyAsJsonObject().getString("completedAt"));
    assertEquals(200, http.post(complete, result).statusCode(), "a repeat naming no worker is accepted");
    assertEquals(409, http.post(complete, result.copy().put("workerId", "intruder")).statusCode());
    assertEquals(409, http.post("/api/thumbnail-jobs/" + id + "/fail", new JsonObject().put("errorMessage", "late")).statusCode());
    assertEquals("/hashes/x/thumbnail.webp", http.job(id).getString("thumbnailPath"));
  }

  @Test
  @DisplayName("identical bytes share one stored file; each upload is a new model with a new job")
  void dedupe() throws Exception {
    byte[] same = ApiTestClient.obj(777);
    JsonObject a = http.uploadModel("same-a.obj", same);
    JsonObject b = http.uploadModel("same-b.obj", same);
    assertEquals(a.getString("hash"), b.getString("hash"));
    assertNotEquals(a.getLong("id"), b.getLong("id"));
    assertNotEquals(a.getLong("jobId"), b.getLong("jobId"));
    try (Stream<Path> s = Files.walk(data.resolve("blobs"))) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().equals(a.getString("hash"))).count());
    }
    assertEquals("same-b.obj", http.get("/models/" + b.getLong("id")).bodyAsJsonObject().getString("name"));
  }

  @Test
  @DisplayName("a zip with companions is served back as uploaded under its own name; odd names are quoted per RFC 6266")
  void zipAndContentDisposition() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (String name : new String[] {"crate/crate.obj", "crate/crate.mtl", "crate/textures/wood.png"}) {
        z.putNextEntry(new ZipEntry(name));
        z.write(name.getBytes());
        z.closeEntry();
      }
    }
    byte[] zip = out.toByteArray();
    JsonObject m = http.uploadModel("Crate v2 ü.zip", zip);
    HttpResponse<Buffer> file = http.get("/models/" + m.getLong("id") + "/file");
    assertEquals(200, file.statusCode());
    assertArrayEquals(zip, file.body().getBytes());
    assertEquals("application/zip", file.getHeader("Content-Type"));
    assertEquals("attachment; filename=\"Crate v2 _.zip\"; filename*=UTF-8''Crate%20v2%20%C3%BC.zip",
        file.getHeader("Content-Disposition"));
    JsonObject meta = http.get("/models/" + m.getLong("id") + "/file?download=false").bodyAsJsonObject();
    assertEquals("Crate v2 ü.zip", meta.getString("name"));
    assertEquals(zip.length, meta.getLong("sizeBytes"));
    assertEquals("application/zip", meta.getString("contentType"));
    assertEquals(m.getString("hash"), meta.getString("hash"));
  }

  @Test
  @DisplayName("thumbnail and poster uploads are stored by content, listed on the model and served back byte for byte")
  void thumbnails() {
    JsonObject m = http.uploadModel("pretty.obj", ApiTestClient.obj(4242));
    long id = m.getLong("id");
    byte[] webp = TestImages.webp(96, Color.ORANGE);
    byte[] jpeg = TestImages.jpeg(96, Color.ORANGE);
    JsonObject t = http.upload("/models/" + id + "/thumbnail/upload", "anything.bin", webp, "application/octet-stream",
        new JsonObject().put("width", 96).put("height", 96)).bodyAsJsonObject();
    assertEquals("/hashes/" + m.getString("hash") + "/thumbnail.webp", t.getString("thumbnailPath"));
    assertEquals("image/webp", t.getString("contentType"));
    assertEquals(webp.length, t.getLong("sizeBytes"));
    assertEquals(96, t.getInteger("width"));
    assertEquals(id, t.getLong("modelId"));
    assertEquals(64, t.getString("hash").length());
    JsonObject p = http.upload("/models/" + id + "/thumbnail/upload", "poster.jpg", jpeg, "image/jpeg", null).bodyAsJsonObject();
    assertEquals("/hashes/" + m.getString("hash") + "/poster.jpg", p.getString("thumbnailPath"));
    JsonObject listed = http.get("/models/" + id).bodyAsJsonObject();
    assertEquals(t.getString("thumbnailPath"), listed.getString("thumbnailPath"));
    assertEquals(p.getString("thumbnailPath"), listed.getString("posterPath"));
    HttpResponse<Buffer> served = http.get(t.getString("thumbnailPath"));
    assertEquals("image/webp", served.getHeader("Content-Type"));
    assertArrayEquals(webp, served.body().getBytes());
    assertArrayEquals(jpeg, http.get(p.getString("thumbnailPath")).body().getBytes());
    HttpResponse<Buffer> cached = ApiTestClient.await(http.web.get(t.getString("thumbnailPath"))
        .putHeader("If-None-Match", served.getHeader("ETag")).send());
    assertEquals(304, cached.statusCode());
  }

  @Test
  @DisplayName("fault injection: the next two matching uploads get 503, a stalled download sends headers then waits")
  void faultInjection() throws Exception {
    JsonObject m = http.uploadModel("faulty.obj", ApiTestClient.obj(99));
    long id = m.getLong("id");
    String upload = "/models/" + id + "/thumbnail/upload";
    faults.failNext(2, "POST", "/models/\\d+/thumbnail/upload", 503);
    byte[] png = TestImages.png(8, Color.GREEN);
    assertEquals(503, http.upload(upload, "t.png", png, "image/png", null).statusCode());
    assertEquals(503, http.upload(upload, "t.png", png, "image/png", null).statusCode());
    assertEquals(200, http.upload(upload, "t.png", png, "image/png", null).statusCode());

    faults.stall(1, "GET", "/models/" + id + "/file", 1500);
    HttpClient client = vertx.createHttpClient();
    try {
      long t0 = System.nanoTime();
      HttpClientResponse resp = ApiTestClient.await(client.request(new RequestOptions().setMethod(HttpMethod.GET)
          .setHost("localhost").setPort(server.port()).setURI("/models/" + id + "/file")).compose(req -> req.send()));
      long headersMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, resp.statusCode());
      Buffer body = ApiTestClient.await(resp.body());
      long bodyMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(headersMs < 1000, "headers took " + headersMs + " ms");
      assertTrue(bodyMs >= 1400, "body came after " + bodyMs + " ms");
      assertArrayEquals(ApiTestClient.obj(99), body.getBytes());
    } finally {
      client.close();
    }
    assertNull(faults.take("GET", "/models/" + id + "/file"), "the stall rule was used up");
  }
}
