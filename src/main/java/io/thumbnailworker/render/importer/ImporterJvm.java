package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.RenderException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running importer JVM: how it is started, the protocol lines it prints (stray output is ignored, stderr is
 * logged), its resident memory and its end. {@link ImporterProcess} decides what to ask it and when to stop it.
 */
final class ImporterJvm {
  private static final Logger LOG = LoggerFactory.getLogger(ImporterJvm.class);
  /** Put on the reply queue when the child's stdout closes. */
  static final String EOF = "\u0000EOF";
  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final BufferedWriter stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  private ImporterJvm(Process process) {
    this.process = process;
    this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code mainClass} on this JVM's class path in {@code scratch} and waits for its ready line.
   * @throws RenderException when it cannot start (INTERNAL) or this thread is interrupted (CANCELLED)
   */
  static ImporterJvm start(String name, Path scratch, int heapMb, String mainClass) {
    ImporterJvm jvm;
    try {
      Files.createDirectories(scratch);
      jvm = new ImporterJvm(new ProcessBuilder(command(scratch, heapMb, mainClass)).directory(scratch.toFile()).start());
    } catch (IOException e) {
      throw new RenderException(RenderException.INTERNAL, "could not start the importer process: " + e.getMessage());
    }
    try {
      jvm.awaitReady(name);
      return jvm;
    } catch (RuntimeException e) {
      jvm.kill();
      throw e;
    }
  }

  private void awaitReady(String name) {
    Process p = process;
    BlockingQueue<String> q = replies;
    daemon(name + "-out", () -> pump(p.getInputStream(), q));
    daemon(name + "-err", () -> logLines(p.getErrorStream()));
    try {
      String ready = q.poll(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (ready == null || ready.equals(EOF)) throw new RenderException(RenderException.INTERNAL, "the importer process did not start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderException(RenderException.CANCELLED, "interrupted while starting the importer process");
    }
    LOG.debug("importer process {} started (pid {})", name, p.pid());
  }

  private static List<String> command(Path scratch, int heapMb, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-Xss4m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-XX:-CreateCoredumpOnCrash");
    cmd.add("-XX:ErrorFile=" + scratch.resolve("importer-crash-%p.log"));
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.add("-cp");
    cmd.add(absoluteClassPath());
    cmd.add(mainClass);
    return cmd;
  }

  /** The child runs in the scratch directory, so relative class path entries (IDE, surefire) must become absolute. */
  private static String absoluteClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) continue;
      if (cp.length() > 0) cp.append(File.pathSeparatorChar);
      cp.append(Path.of(entry).toAbsolutePath());
    }
    return cp.toString();
  }

  void send(JsonObject request) throws IOException {
    stdin.write(request.encode());
    stdin.write('\n');
    stdin.flush();
  }

  /** The next protocol line (or {@link #EOF}), or null when none came within {@code ms}. */
  String poll(long ms) throws InterruptedException {
    return replies.poll(ms, TimeUnit.MILLISECONDS);
  }

  /** Queues a line taken by {@link #poll} again, to be read after those already queued. */
  void putBack(String line) {
    replies.add(line);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** How the process ended, for a message: {@code " (native crash, exit 139)"}, {@code " (exit 1)"}, or empty. */
  String exitDescription() {
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
    int exit = process.exitValue();
    return exit == 134 || exit == 139 ? " (native crash, exit " + exit + ")" : " (exit " + exit + ")";
  }

  /** Resident memory of the process, from {@code /proc} (0 when unreadable). */
  long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** Ends the process (Assimp cannot be interrupted) and waits a little for it to go. */
  void kill() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pump(InputStream in, BlockingQueue<String> q) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(ImporterMain.PREFIX)) q.add(line.substring(ImporterMain.PREFIX.length()));
      }
    } catch (IOException ignored) {
      // the process ended
    } finally {
      q.add(EOF);
    }
  }

  private static void logLines(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) LOG.warn("importer: {}", RenderException.sanitize(line));
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }
}
