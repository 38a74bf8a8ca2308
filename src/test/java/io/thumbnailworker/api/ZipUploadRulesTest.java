package io.thumbnailworker.api;

import io.thumbnailworker.fs.TestZips;
import io.thumbnailworker.jobs.JobFailure;
import io.thumbnailworker.jobs.SafeUnzip;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A zip the worker would refuse is refused on upload with a 400 carrying the worker's own message; nothing is stored. */
class ZipUploadRulesTest {
  private static final String OBJ = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
  private static Vertx vertx;
  private static ApiServer server;
  private static ApiTestClient http;
  @TempDir static Path data;
  @TempDir static Path scratch;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    http = new ApiTestClient(vertx, server.port());
  }

  @AfterAll
  static void stop() {
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  /** Uploads the zip; asserts 400 with exactly the message the worker's unzip fails with; returns that message. */
  private static String refusedLikeTheWorker(byte[] zip) throws Exception {
    Path file = Files.write(Files.createTempFile(scratch, "u", ".zip"), zip);
    String worker = assertThrows(JobFailure.class, () -> new SafeUnzip(ZipCheck.MAX_ENTRIES, ApiOptions.DEFAULT_MAX_MODEL_BYTES)
        .extractMainModel(file, scratch.resolve("out-" + file.getFileName()))).getMessage();
    int before = http.get("/models").bodyAsJsonArray().size();
    HttpResponse<Buffer> r = http.upload("/models", "bundle.zip", zip, "application/zip", null);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(worker, body.getString("message"));
    assertEquals(before, http.get("/models").bodyAsJsonArray().size(), "nothing stored");
    return worker;
  }

  @Test
  @DisplayName("a zip of hidden files only, or of __MACOSX/ only: 400, no renderable model")
  void hiddenOnly() throws Exception {
    assertTrue(refusedLikeTheWorker(TestZips.of(TestZips.entries(".duck.obj", OBJ, "notes.txt", "x")))
        .startsWith("unzip: the archive holds no renderable model"));
    assertTrue(refusedLikeTheWorker(TestZips.of(TestZips.entries("__MACOSX/", "", "__MACOSX/duck.obj", OBJ, "__MACOSX/._duck.obj", "x")))
        .startsWith("unzip: the archive holds no renderable model"));
  }

  @Test
  @DisplayName("a symbolic link entry, or a symlinked folder: 400")
  void symlinks() throws Exception {
    assertEquals("unzip: entry 'secret.obj' is a symbolic link; links are refused", refusedLikeTheWorker(
        TestZips.symlink(TestZips.of(TestZips.entries("duck.obj", OBJ, "secret.obj", "/etc/shadow")), "secret.obj")));
    assertEquals("unzip: entry 'tex' is a symbolic link; links are refused", refusedLikeTheWorker(
        TestZips.symlink(TestZips.of(TestZips.entries("duck.obj", OBJ, "tex", "/etc", "tex/wood.png", "x")), "tex")));
  }

  @Test
  @DisplayName("the same entry name twice (the last would silently win): 400")
  void duplicates() throws Exception {
    byte[] twice = TestZips.rename(TestZips.of(TestZips.entries("duck-a.obj", OBJ, "duck-b.obj", "v 5 5 5\n")), "duck-b.obj", "duck-a.obj");
    assertEquals("unzip: entry 'duck-a.obj' appears more than once; one copy would silently replace the other", refusedLikeTheWorker(twice));
  }

  @Test
  @DisplayName("a good zip with junk beside its model is still accepted")
  void goodZipAccepted() throws Exception {
    byte[] zip = TestZips.of(TestZips.entries("m/duck.obj", OBJ, "__MACOSX/m/._duck.obj", "x", "m/.DS_Store", "x"));
    assertEquals(201, http.upload("/models", "ok.zip", zip, "application/zip", null).statusCode());
  }
}
