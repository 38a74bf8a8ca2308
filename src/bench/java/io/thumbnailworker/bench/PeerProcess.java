package io.thumbnailworker.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The peer renderer of {@code scripts/bench peers}: {@code src/bench/peers/driver.js} (three.js in headless Chromium) as a
 * long-lived child process, so its page stays warm between jobs. One JSON line per job each way on stdin/stdout; the
 * driver's logs pass through to this process's stderr.
 */
final class PeerProcess implements AutoCloseable {
  private static final long ANSWER_TIMEOUT_S = 300;

  private final Process process;
  private final BufferedReader answers;
  private final Writer requests;
  private final JsonObject info;

  private PeerProcess(Process process) throws IOException {
    this.process = process;
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.info = answer();
    if (!info.getBoolean("ready", false)) throw new IOException("the peer did not start: " + info.encode());
  }

  /** Starts {@code node DIR/driver.js --gl GL}; fails with the driver's own message when Chromium cannot start. */
  static PeerProcess start(Path dir, String gl) throws IOException {
    Path driver = dir.resolve("driver.js");
    if (!Files.isRegularFile(driver) || !Files.isDirectory(dir.resolve("node_modules"))) {
      throw new IOException(driver + " or its node_modules is missing: run scripts/bench peers, which installs them");
    }
    Process p = new ProcessBuilder("node", driver.toString(), "--gl", gl)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      return new PeerProcess(p);
    } catch (IOException | RuntimeException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw e;
    }
  }

  /** What the page reported at start: GL vendor and renderer (WEBGL_debug_renderer_info), samples, versions. */
  JsonObject info() {
    return info;
  }

  /** Runs one job; the answer holds the page's timings in ms, or the exception the page's error. */
  JsonObject job(JsonObject request) throws IOException {
    requests.write(request.encode());
    requests.write('\n');
    requests.flush();
    JsonObject a = answer();
    if (a.containsKey("error")) throw new IOException(a.getString("error"));
    return a;
  }

  /** User + system CPU seconds of the driver and its browser processes so far. */
  double cpuSeconds() {
    return BenchReport.cpuSeconds(process.pid())
        + process.descendants().mapToDouble(h -> BenchReport.cpuSeconds(h.pid())).sum();
  }

  /** Whether a process belongs to the peer (the driver or one of its descendants). */
  boolean owns(ProcessHandle h) {
    return h.pid() == process.pid() || h.parent().map(this::owns).orElse(false);
  }

  private JsonObject answer() throws IOException {
    String line;
    try {
      line = CompletableFuture.supplyAsync(() -> {
        try {
          return answers.readLine();
        } catch (IOException e) {
          return null;
        }
      }).get(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IOException("no answer from the peer within " + ANSWER_TIMEOUT_S + " s", e);
    }
    if (line == null) throw new IOException("the peer exited (status " + exitStatus() + "); its log is above");
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      throw new IOException("the peer answered something other than JSON: " + line, e);
    }
  }

  private String exitStatus() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      requests.write("{\"quit\":true}\n");
      requests.flush();
      if (process.waitFor(20, TimeUnit.SECONDS)) return;
    } catch (IOException ignored) {
      // already gone: fall through to the forced stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
