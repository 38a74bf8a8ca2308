package io.thumbnailworker.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code api} subcommand in a child JVM (same class path as the tests), for cross-process and kill -9 tests. */
final class ApiProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");
  final Process process;
  final int port;

  private ApiProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ApiProcess start(Path data, Path log, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.thumbnailworker.cli.Main", "api", "--port", "0", "--data", data.toString()));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
      } catch (IOException ignored) {
        // the process ended
      }
      port.completeExceptionally(new IllegalStateException("api process ended without announcing its port"));
    }, "api-process-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ApiProcess(p, port.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("api process did not start: " + e.getMessage() + "; see " + log, e);
    }
  }

  /** SIGKILL, then wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("api process survived SIGKILL");
  }

  /** SIGTERM; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("api process did not exit on SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
