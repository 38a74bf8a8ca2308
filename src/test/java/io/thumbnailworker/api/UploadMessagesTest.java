package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Upload mistakes are named for what they are; names with bidirectional controls are refused, and never shown raw. */
class UploadMessagesTest {
  private static final String RLO = "\u202E";
  private static final Pattern BIDI = Pattern.compile("[\u202A-\u202E\u2066-\u2069]");
  private static final byte[] OBJ = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n".getBytes(StandardCharsets.UTF_8);

  /** One part of a hand-made multipart body: a file when {@code fileName} is set, else a text field. */
  record Part(String name, String fileName, byte[] content) {}

  static HttpResponse<Buffer> multipart(ApiTestClient http, String path, Part... parts) {
    String boundary = "b0undary7MA4YWxkTrZu0gW";
    Buffer body = Buffer.buffer();
    for (Part p : parts) {
      body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"");
      if (p.fileName() != null) {
        body.appendString("; filename=\"upload\"; filename*=UTF-8''" + URLEncoder.encode(p.fileName(), StandardCharsets.UTF_8).replace("+", "%20"));
        body.appendString("\r\nContent-Type: application/octet-stream");
      }
      body.appendString("\r\n\r\n").appendBytes(p.content()).appendString("\r\n");
    }
    body.appendString("--" + boundary + "--\r\n");
    return http.postRaw(path, "multipart/form-data; boundary=" + boundary, body);
  }

  private static String message(HttpResponse<Buffer> r) {
    assertEquals(400, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("message");
  }

  @Test
  @DisplayName("a 'file' part without a filename: the message says it has no filename (big or small), not 'too long'")
  void fileWithoutFilename(@TempDir Path data) {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      for (String path : List.of("/models", "/sounds", "/texture-sets")) {
        String big = message(multipart(http, path, new Part("file", null, new byte[100_000])));
        assertTrue(big.startsWith("the part 'file' has no filename, so it was read as a text field, and text fields hold at most 65536 bytes")
            && big.contains("filename=") && !big.contains("too long"), big);
        String small = message(multipart(http, path, new Part("file", null, OBJ)));
        assertTrue(small.startsWith("the part 'file' has no filename, so it was read as a text field, not a file"), small);
      }
      String other = message(multipart(http, "/models", new Part("notes", null, new byte[70_000]), new Part("file", "a.obj", OBJ)));
      assertEquals("the text field 'notes' is longer than 65536 bytes; a file must be sent as a file part, with a filename "
          + "in its Content-Disposition", other);
      assertEquals("the multipart upload has no 'file' field", message(multipart(http, "/models", new Part("name", null, OBJ))));
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("bidirectional controls (U+202A–U+202E, U+2066–U+2069) in a file name, a companion path or an asset name: 400")
  void bidiNamesRefused(@TempDir Path data) {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      String named = message(multipart(http, "/models", new Part("file", "invoice" + RLO + "jbo.obj", OBJ)));
      assertTrue(named.startsWith("the file name contains the bidirectional control character U+202E (at character 8)"), named);
      for (char c : new char[] {'\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069'}) {
        assertTrue(message(multipart(http, "/models", new Part("file", "a" + c + ".obj", OBJ))).contains("bidirectional control"));
      }
      String companion = message(multipart(http, "/models", new Part("file", "duck.obj", OBJ),
          new Part("file", "tex/\u2066wood.png", new byte[] {1})));
      assertTrue(companion.startsWith("the companion path contains the bidirectional control character U+2066"), companion);
      String asset = message(multipart(http, "/sounds", new Part("name", null, ("ping" + RLO + "gnop").getBytes(StandardCharsets.UTF_8)),
          new Part("file", "ping.wav", new byte[] {1, 2, 3})));
      assertTrue(asset.startsWith("the name contains the bidirectional control character U+202E"), asset);
      assertEquals(0, http.get("/models").bodyAsJsonArray().size(), "nothing stored");
      assertEquals(201, multipart(http, "/models", new Part("file", "مدل-ok.obj", OBJ)).statusCode(), "right-to-left letters are fine");
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("the gallery shows bidirectional controls as U+FFFD: a name stored before, a worker id, an error message")
  void galleryNeutralisesBidi(@TempDir Path data, @TempDir Path profile) throws Exception {
    String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    assumeTrue(browser != null, "Chromium is not installed (apt-get install -y chromium)");
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    long id;
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      id = http.uploadModel("invoice.obj", OBJ).getLong("id");
    }
    ApiTestClient.await(server.close());
    // a name stored before names were checked
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db").resolve("api").toAbsolutePath(), "thumbnails", "");
         PreparedStatement s = c.prepareStatement("UPDATE models SET name = ? WHERE id = ?")) {
      s.setString(1, "invoice" + RLO + "gpj.exe");
      s.setLong(2, id);
      assertEquals(1, s.executeUpdate());
    }
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      JsonObject job = http.dequeue("worker" + RLO + "1");
      assertEquals(200, http.post("/api/thumbnail-jobs/" + job.getLong("id") + "/fail", new JsonObject()
          .put("workerId", "worker" + RLO + "1").put("errorMessage", "bad \u2067token\u2069 here")).statusCode());
      Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
          "--virtual-time-budget=4000", "--dump-dom", server.baseUrl() + "/").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
      assertTrue(dom.contains("<article class=\"card\">"), dom);
      assertFalse(BIDI.matcher(dom).find(), "a bidirectional control reached the page");
      assertTrue(dom.contains("invoice\uFFFDgpj.exe"), "the name, with the control made visible");
      assertTrue(dom.contains("by worker\uFFFD1") && dom.contains("bad \uFFFDtoken\uFFFD here"), dom);
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
