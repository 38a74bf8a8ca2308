package io.thumbnailworker.api;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.TransportEnum;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@code api} child process with short limits: connections that hold it without using it are closed within their
 * limit, a cut-off upload leaves no scratch file, and the process's open files return to where they were; uploads that
 * are merely slow, and hub clients over WebSockets and long polling, are not disturbed.
 */
class ConnectionTimeoutsTest {
  static final String KEY = "k-timeouts";
  static final long HEADER_MS = 1_500;
  static final long IDLE_MS = 4_000;
  static final long WINDOW_MS = 10_000;                    // ConnectionTimeouts.DEFAULT_UPLOAD_RATE_WINDOW_MS
  static final long NEVER_MS = 30_000;                     // how long a case waits before calling the connection never closed

  @Test
  @DisplayName("silent, half-headers, kept-alive trickle, stalled and dripping uploads closed within their limits; scratch files and fds back")
  void idleSlowAndStalledConnectionsAreClosed(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    ExecutorService pool = Executors.newCachedThreadPool();
    try (ApiProcess api = ApiProcess.start(data, tmp.resolve("api.log"), Map.of(), "--api-key", KEY,
        "--header-timeout-ms", String.valueOf(HEADER_MS), "--idle-timeout-ms", String.valueOf(IDLE_MS),
        "--min-upload-bytes-per-s", "1024")) {
      int port = api.port;
      Path scratch = data.resolve("tmp");
      warmUp(port);
      long baseline = settledOpenFiles(api.pid());

      List<Future<Long>> stalled = new ArrayList<>();
      for (int i = 0; i < 10; i++) stalled.add(pool.submit(() -> stalledUpload(port)));
      Future<Long> silent = pool.submit(() -> {
        try (RawHttp s = new RawHttp(port)) {
          return s.silentUntilClosed(NEVER_MS);
        }
      });
      Future<Long> halfHeaders = pool.submit(() -> {
        try (RawHttp s = new RawHttp(port)) {
          byte[] head = ("POST /models HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + KEY + "\r\nContent-Type: multipart/form-data; "
              + "boundary=x\r\nX-Padding: " + "p".repeat(200)).getBytes(StandardCharsets.US_ASCII);
          return s.trickleUntilClosed(head, 300, NEVER_MS);        // a byte every 300 ms: never idle, never done
        }
      });
      Future<Long> keptAliveTrickle = pool.submit(() -> {
        try (RawHttp s = new RawHttp(port)) {
          s.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
          assertEquals("HTTP/1.1 200 OK", s.readResponse());
          long answered = s.age();
          long closed = s.trickleUntilClosed("GET /health HTTP/1.1\r\nX-Padding: ".concat("p".repeat(200)).getBytes(StandardCharsets.US_ASCII), 300, NEVER_MS);
          return closed < 0 ? -1 : closed - answered;
        }
      });
      Future<Long> drip = pool.submit(() -> drippingUpload(port));
      Future<String> slowButFine = pool.submit(() -> slowUpload(port));
      Future<String> hub = pool.submit(() -> hubClientsOutliveTheIdleTime(port));

      Await.until(Duration.ofSeconds(10), "the stalled uploads' scratch files", () -> count(scratch) >= 10);
      long during = openFiles(api.pid());
      assertTrue(during >= baseline + 20, "10 stalled uploads hold a socket and a file each: " + baseline + " -> " + during);

      List<Long> stalledMs = new ArrayList<>();
      for (Future<Long> f : stalled) stalledMs.add(f.get(60, TimeUnit.SECONDS));
      System.out.printf("closed after: silent %d ms, half headers %d ms, kept-alive trickle %d ms after its answer, drip %d ms, "
          + "stalled %s ms; open files %d, %d with the stalled uploads%n", silent.get(60, TimeUnit.SECONDS),
          halfHeaders.get(60, TimeUnit.SECONDS), keptAliveTrickle.get(60, TimeUnit.SECONDS), drip.get(60, TimeUnit.SECONDS),
          stalledMs, baseline, during);
      assertBetween("silent connection", silent.get(60, TimeUnit.SECONDS), HEADER_MS, HEADER_MS + 2_500);
      assertBetween("half headers, trickled", halfHeaders.get(60, TimeUnit.SECONDS), HEADER_MS, HEADER_MS + 2_500);
      assertBetween("kept-alive connection trickling its next request", keptAliveTrickle.get(60, TimeUnit.SECONDS), IDLE_MS - 500, IDLE_MS + 3_000);
      for (long ms : stalledMs) assertBetween("stalled upload", ms, IDLE_MS - 500, IDLE_MS + 3_000);
      assertBetween("upload dripping a byte every 500 ms", drip.get(60, TimeUnit.SECONDS), WINDOW_MS, WINDOW_MS + 4_000);
      assertEquals("HTTP/1.1 201 Created", slowButFine.get(60, TimeUnit.SECONDS), "an upload at 2.5 KB/s for 12 s is fine");
      assertEquals("connected", hub.get(60, TimeUnit.SECONDS));

      Await.until(Duration.ofSeconds(10), "no scratch file left", () -> count(scratch) == 0);
      Await.until(Duration.ofSeconds(15), "open files back to " + baseline, () -> openFiles(api.pid()) <= baseline + 2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertBetween(String what, long ms, long min, long max) {
    assertTrue(ms >= 0, what + ": never closed within " + NEVER_MS + " ms");
    assertTrue(ms >= min && ms <= max, what + ": closed after " + ms + " ms, expected " + min + ".." + max);
  }

  /** Headers and 200 KB of a 5 MB upload, then nothing: returns when the server closed it. */
  private static long stalledUpload(int port) throws IOException {
    try (RawHttp s = new RawHttp(port)) {
      s.send(RawHttp.uploadHeaders(KEY, 5_000_000) + RawHttp.partStart("big.obj"));
      s.send("v 0 0 0\n".repeat(25_000));
      return s.silentUntilClosed(NEVER_MS);
    }
  }

  /** An upload that sends 1 KB, then a byte every 500 ms: never idle, far below 1024 bytes/s. */
  private static long drippingUpload(int port) throws IOException {
    try (RawHttp s = new RawHttp(port)) {
      s.send(RawHttp.uploadHeaders(KEY, 1_000_000) + RawHttp.partStart("drip.obj") + "v 0 0 0\n".repeat(128));
      return s.trickleUntilClosed("v 1 1 1\n".repeat(100).getBytes(StandardCharsets.US_ASCII), 500, NEVER_MS);
    }
  }

  /** 30 KB in 2.5 KB pieces a second apart: slower than a window, faster than the minimum. */
  private static String slowUpload(int port) throws Exception {
    byte[] content = "v 2 2 2\n".repeat(30 * 1024 / 8).getBytes(StandardCharsets.US_ASCII);
    String start = RawHttp.partStart("slow.obj");
    String end = RawHttp.bodyEnd();
    try (RawHttp s = new RawHttp(port)) {
      s.send(RawHttp.uploadHeaders(KEY, start.length() + content.length + end.length()) + start);
      for (int at = 0; at < content.length; at += 2_560) {
        s.send(java.util.Arrays.copyOfRange(content, at, Math.min(content.length, at + 2_560)));
        Thread.sleep(1_000);
      }
      s.send(end);
      return s.readResponse();
    }
  }

  /** Official clients on Modelibr's hub over WebSockets and long polling stay connected well past the idle time. */
  private static String hubClientsOutliveTheIdleTime(int port) throws Exception {
    String url = "http://127.0.0.1:" + port + io.thumbnailworker.backend.ModelibrContract.HUB_PATH;
    HubConnection ws = HubConnectionBuilder.create(url).withTransport(TransportEnum.WEBSOCKETS).build();
    HubConnection lp = HubConnectionBuilder.create(url).withTransport(TransportEnum.LONG_POLLING).build();
    try {
      assertTrue(ws.start().blockingAwait(20, TimeUnit.SECONDS));
      assertTrue(lp.start().blockingAwait(20, TimeUnit.SECONDS));
      Thread.sleep(3 * IDLE_MS);
      assertEquals(HubConnectionState.CONNECTED, ws.getConnectionState());
      assertEquals(HubConnectionState.CONNECTED, lp.getConnectionState());
      assertTrue(ws.invoke("RegisterWorker", "w-ws").blockingAwait(10, TimeUnit.SECONDS));
      assertTrue(lp.invoke("RegisterWorker", "w-lp").blockingAwait(10, TimeUnit.SECONDS));
      return "connected";
    } finally {
      ws.stop().blockingAwait(10, TimeUnit.SECONDS);
      lp.stop().blockingAwait(10, TimeUnit.SECONDS);
    }
  }

  private static void warmUp(int port) {
    Vertx vertx = Vertx.vertx();
    try (ApiTestClient http = new ApiTestClient(vertx, port)) {
      http.apiKey = KEY;
      http.uploadModel("warm.obj", ApiTestClient.obj(1));
      assertEquals(200, http.get("/models").statusCode());
    } finally {
      ApiTestClient.await(vertx.close());
    }
  }

  /** The open files once the count holds still for half a second (the warm-up's sockets are closing). */
  static long settledOpenFiles(long pid) throws InterruptedException {
    long before = -1;
    for (long now = openFiles(pid); now != before; now = openFiles(pid)) {
      before = now;
      Thread.sleep(500);
    }
    return before;
  }

  static long openFiles(long pid) {
    return count(Path.of("/proc", String.valueOf(pid), "fd"));
  }

  static long count(Path dir) {
    try (var s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
