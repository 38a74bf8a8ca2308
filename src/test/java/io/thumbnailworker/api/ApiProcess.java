package io.thumbnailworker.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    return start(data, log, Map.of(), extra);
  }

  /** As {@link #start(Path, Path, String...)}, with these environment variables added (a null value removes one). */
  static ApiProcess start(Path data, Path log, Map<String, String> env, String... extra) throws IOException, InterruptedException {
    Process p = builder(env, apiArgs(data, extra)).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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

  /** What a process that was expected to end printed, and how it ended. */
  record Ended(int exitCode, String stdout, String stderr) {}

  /** Runs {@code thumbnail-worker ARGS} to its end (at most a minute), e.g. an {@code api} that must refuse to start. */
  static Ended run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Process p = builder(env, List.of(args)).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = readAll(p.getInputStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("thumbnail-worker " + args[0] + " did not end; stdout: " + out);
    }
    return new Ended(p.exitValue(), out, err.join());
  }

  /** The arguments of {@code api} on an ephemeral port and this data directory, then {@code extra}. */
  static String[] apiArgs(Path data, String... extra) {
    List<String> args = new ArrayList<>(List.of("api", "--port", "0", "--data", data.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static ProcessBuilder builder(Map<String, String> env, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.thumbnailworker.cli.Main"));
    cmd.addAll(args);
    ProcessBuilder b = new ProcessBuilder(cmd);
    b.environment().remove("WORKER_API_KEY");              // the api reads it: a key in the test runner's shell stays there
    env.forEach((k, v) -> {
      if (v == null) b.environment().remove(k);
      else b.environment().put(k, v);
    });
    return b;
  }

  private static ProcessBuilder builder(Map<String, String> env, String[] args) {
    return builder(env, List.of(args));
  }

  private static String readAll(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The process id (for /proc). */
  long pid() {
    return process.pid();
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
