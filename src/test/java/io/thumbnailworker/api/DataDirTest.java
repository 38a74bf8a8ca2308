package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data directory belongs to one API process and its owner: the database is embedded (no TCP listener), the
 * directories are 0700, a second process on the same --data is refused, and partial uploads a crash left are removed.
 */
class DataDirTest {

  @Test
  @DisplayName("api listens on its HTTP port only (no database port), its data directory is 0700, a second api on it is refused")
  void embeddedDatabaseOwnerOnlyDirectoryOneProcess(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("fresh").resolve("data");                 // created by the api, parent included
    try (ApiProcess api = ApiProcess.start(data, tmp.resolve("api.log"))) {
      Vertx vertx = Vertx.vertx();
      try (ApiTestClient http = new ApiTestClient(vertx, api.port)) {
        http.uploadModel("a.obj", ApiTestClient.obj(1));             // the database is open and in use
      } finally {
        ApiTestClient.await(vertx.close());
      }
      assertEquals(Set.of(api.port), listeningPorts(api.pid()), "the api process must listen on its HTTP port only");

      assertEquals("rwx------", mode(data));
      for (String part : List.of("db", "blobs", "tmp")) assertEquals("rwx------", mode(data.resolve(part)), part);
      assertFalse(Files.exists(data.resolve("db").resolve("api.lock.db")), "no auto-server lock file naming a port");

      ApiProcess.Ended second = ApiProcess.run(Map.of(), ApiProcess.apiArgs(data));
      assertNotEquals(0, second.exitCode(), "a second api on the same --data must not start: " + second.stdout());
      assertTrue(second.stderr().contains("is in use by another process")
          && second.stderr().contains("one API process serves a data directory"), second.stderr());
      assertFalse(second.stdout().contains("listening"), second.stdout());
    }
  }

  @Test
  @DisplayName("a second server in the same process on the same data directory is refused as clearly")
  void secondServerInProcessRefused(@TempDir Path data) {
    Vertx vertx = Vertx.vertx();
    try {
      ApiServer first = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
      Throwable e = ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()).toCompletionStage()
          .toCompletableFuture().handle((s, err) -> err).join();
      assertTrue(e != null && e.getMessage().contains("already served by another API server in this process"), String.valueOf(e));
      ApiTestClient.await(first.close());
      ApiServer again = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
      ApiTestClient.await(again.close());
    } finally {
      ApiTestClient.await(vertx.close());
    }
  }

  @Test
  @DisplayName("a partial upload left in <data>/tmp by a crash is removed when the api starts; stored files stay")
  void crashLeftoversSweptAtStart(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
      long id;
      try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
        id = http.uploadModel("kept.obj", ApiTestClient.obj(7)).getLong("id");
      }
      ApiTestClient.await(server.close());
      Path partial = Files.write(data.resolve("tmp").resolve("upload-0b1d6a2c-4f4e-4d0e-9a51-2a8d1f0c9e11"), new byte[300_000]);

      server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
      try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
        assertFalse(Files.exists(partial), "the partial upload survived the restart");
        assertEquals(List.of(), list(data.resolve("tmp")));
        assertEquals(200, http.get("/models/" + id + "/file").statusCode(), "a stored model must stay");
      } finally {
        ApiTestClient.await(server.close());
      }
    } finally {
      ApiTestClient.await(vertx.close());
    }
  }

  /** The TCP ports process {@code pid} listens on: LISTEN sockets of /proc/net/tcp{,6} whose inode the process holds. */
  static Set<Integer> listeningPorts(long pid) throws IOException {
    Set<String> held = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) held.add(target.substring(8, target.length() - 1));
        } catch (IOException gone) {
          // closed while listing
        }
      }
    }
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && held.contains(f[9])) ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
      }
    }
    return ports;
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static List<Path> list(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.toList();
    }
  }
}
