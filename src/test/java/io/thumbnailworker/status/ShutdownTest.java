package io.thumbnailworker.status;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real worker process receiving a real SIGTERM. */
class ShutdownTest {
  @TempDir Path dir;

  @Test
  @DisplayName("SIGTERM turns /health to 503 at once, then the worker stops and exits 0")
  void sigtermTurnsHealthTo503() throws Exception {
    int port = freePort();
    Path log = dir.resolve("worker.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.thumbnailworker.cli.Main", "worker"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("WORKER_PORT", String.valueOf(port));
    pb.environment().put("SHUTDOWN_GRACE_MS", "3000");
    pb.environment().put("API_BASE_URL", "http://127.0.0.1:9");
    pb.environment().put("WORKER_ROLES", "hub,jobs");
    pb.environment().put("THUMBNAIL_STORAGE_PATH", dir.toString());
    Process worker = pb.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build();
      assertEquals(200, awaitStatus(http, health, 200, 60), "worker came up healthy");

      worker.destroy(); // SIGTERM
      assertEquals(503, awaitStatus(http, health, 503, 3), "/health answers 503 during shutdown");
      assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "worker exits");
      assertEquals(0, worker.exitValue());
      String output = Files.readString(log);
      assertTrue(output.contains("Shutdown complete"), output);
    } finally {
      worker.destroyForcibly();
    }
  }

  private static int awaitStatus(HttpClient http, HttpRequest req, int wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == wanted) return last;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    return last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
