package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code api} command takes its key from --api-key, --api-key-file or WORKER_API_KEY; a real child process each. */
class ApiKeySourceTest {
  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() {
    ApiTestClient.await(VERTX.close());
  }

  @Test
  @DisplayName("WORKER_API_KEY in the environment is required, and is not on the command line")
  void keyFromEnvironment(@TempDir Path tmp) throws Exception {
    try (ApiProcess api = ApiProcess.start(tmp.resolve("data"), tmp.resolve("api.log"), Map.of("WORKER_API_KEY", "env-key-1"))) {
      assertKeyed(api, "env-key-1");
      assertFalse(cmdline(api).contains("env-key-1"));
    }
  }

  @Test
  @DisplayName("--api-key-file: the file's line is required (trailing newline ignored), and the key is not on the command line")
  void keyFromFile(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("key"), "file-key-2\n");
    try (ApiProcess api = ApiProcess.start(tmp.resolve("data"), tmp.resolve("api.log"),
        Map.of("WORKER_API_KEY", "env-loses"), "--api-key-file", file.toString())) {
      assertKeyed(api, "file-key-2");
      assertEquals(401, get(api, "env-loses").statusCode(), "the file wins over the environment");
      assertFalse(cmdline(api).contains("file-key-2"));
    }
  }

  @Test
  @DisplayName("--api-key still works (and wins over the environment)")
  void keyFromFlag(@TempDir Path tmp) throws Exception {
    try (ApiProcess api = ApiProcess.start(tmp.resolve("data"), tmp.resolve("api.log"),
        Map.of("WORKER_API_KEY", "env-loses"), "--api-key", "flag-key-3")) {
      assertKeyed(api, "flag-key-3");
      assertEquals(401, get(api, "env-loses").statusCode());
    }
  }

  @Test
  @DisplayName("--help names the sources and warns that the flag is visible to other users; bad key files are usage errors")
  void helpAndMistakes(@TempDir Path tmp) throws Exception {
    ApiProcess.Ended help = ApiProcess.run(Map.of(), "api", "--help");
    assertEquals(0, help.exitCode());
    String text = help.stdout().replaceAll("\\s+", " ");
    assertTrue(text.contains("--api-key-file=PATH") && text.contains("WORKER_API_KEY"), text);
    assertTrue(text.contains("Other local users can read this flag (ps, /proc/PID/cmdline)"), text);

    Path file = Files.writeString(tmp.resolve("key"), "k");
    ApiProcess.Ended both = ApiProcess.run(Map.of(), ApiProcess.apiArgs(tmp.resolve("d1"), "--api-key", "k", "--api-key-file", file.toString()));
    assertEquals(2, both.exitCode());
    assertTrue(both.stderr().contains("give the key once: --api-key or --api-key-file, not both"), both.stderr());
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    ApiProcess.Ended none = ApiProcess.run(Map.of(), ApiProcess.apiArgs(tmp.resolve("d2"), "--api-key-file", empty.toString()));
    assertEquals(2, none.exitCode());
    assertTrue(none.stderr().contains("is empty"), none.stderr());
    ApiProcess.Ended missing = ApiProcess.run(Map.of(), ApiProcess.apiArgs(tmp.resolve("d3"), "--api-key-file", tmp.resolve("nope").toString()));
    assertEquals(2, missing.exitCode());
    assertTrue(missing.stderr().contains("cannot read --api-key-file"), missing.stderr());
  }

  private static void assertKeyed(ApiProcess api, String key) {
    assertEquals(401, get(api, null).statusCode(), "a keyed route without the key");
    assertEquals(401, get(api, "wrong").statusCode(), "a keyed route with a wrong key");
    assertEquals(200, get(api, key).statusCode(), "a keyed route with the key");
  }

  private static HttpResponse<Buffer> get(ApiProcess api, String key) {
    WebClient web = WebClient.create(VERTX);
    try {
      var req = web.request(HttpMethod.GET, api.port, "localhost", "/models");
      if (key != null) req.putHeader("X-Api-Key", key);
      return ApiTestClient.await(req.send());
    } finally {
      web.close();
    }
  }

  private static String cmdline(ApiProcess api) throws Exception {
    return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(api.pid()), "cmdline")), StandardCharsets.UTF_8);
  }
}
