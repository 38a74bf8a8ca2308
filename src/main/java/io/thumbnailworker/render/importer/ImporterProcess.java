package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A long-lived importer child JVM (same classpath, main class {@link ImporterMain}) that runs Assimp for us. A native
 * crash, an endless loop or a memory blow-up in Assimp ends that process, not the worker: the job fails with a
 * readable message and the next import starts a fresh child. Started lazily; one import at a time per instance.
 *
 * <p>Limits: wall time per import (IMPORT_TIMEOUT_MS or the job's deadline, whichever is first), Java heap
 * ({@code -Xmx}) and resident memory of the whole process (polled from {@code /proc}, killed above the cap).
 */
public final class ImporterProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImporterProcess.class);
  private static final String EOF = "\u0000EOF";
  private static final long START_TIMEOUT_MS = 60_000;

  private final Path scratch;
  private final int heapMb;
  private final long maxRssBytes;
  private final String name;
  private Process process;
  private BufferedWriter stdin;
  private BlockingQueue<String> replies;
  private long nextId;
  private long starts;
  private volatile long lastPeakRssBytes;

  /** Cost of the last import as seen by the parent, for the benchmark table. */
  public record Stats(double childMs, double roundTripMs, long childPeakRssBytes) {}

  private volatile Stats lastStats = new Stats(0, 0, 0);

  public ImporterProcess(String name, Path scratch, int heapMb, long maxRssBytes) {
    this.name = name;
    this.scratch = scratch;
    this.heapMb = heapMb;
    this.maxRssBytes = maxRssBytes;
  }

  public static ImporterProcess withDefaults(String name) {
    removeStaleScratch();
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "thumbnail-worker-import-" + ProcessHandle.current().pid(), name);
    int heap = Integer.getInteger("thumbnail.importer.heapMb", 1024);
    long rss = Long.getLong("thumbnail.importer.maxRssMb", 3072L) << 20;
    return new ImporterProcess(name, dir, heap, rss);
  }

  /** Scratch folders left by worker JVMs that were killed (a clean close removes its own). */
  private static void removeStaleScratch() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmp, "thumbnail-worker-import-*")) {
      for (Path d : dirs) {
        String pid = d.getFileName().toString().substring("thumbnail-worker-import-".length());
        if (!pid.matches("\\d+") || ProcessHandle.of(Long.parseLong(pid)).isPresent()) continue;
        try (var walk = Files.walk(d)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }

  public Stats lastStats() { return lastStats; }

  /** How many child processes were started so far (1 + restarts). */
  public synchronized long starts() { return starts; }

  public synchronized Long pid() { return process != null && process.isAlive() ? process.pid() : null; }

  /**
   * Imports a model in the child process.
   * @param virtualName the file name Assimp is given (from {@link PreChecks#check})
   * @param cancelled polled while waiting; true ends the import (and the child, since Assimp cannot be interrupted)
   */
  public synchronized ModelData importModel(Path model, String virtualName, long maxTriangles, long timeoutMs,
                                            BooleanSupplier cancelled) {
    return run(model, virtualName, maxTriangles, Long.MAX_VALUE, timeoutMs, cancelled, null);
  }

  /** Same, with meshes above {@code drawBudget} triangles simplified in the child (see {@link MeshSimplifier}). */
  public synchronized ModelData importModel(Path model, String virtualName, long maxTriangles, long drawBudget,
                                            long timeoutMs, BooleanSupplier cancelled) {
    return run(model, virtualName, maxTriangles, drawBudget, timeoutMs, cancelled, null);
  }

  /**
   * Makes the child crash, hang or blow its memory on purpose ({@code crash|hang|alloc}) to check the isolation; only
   * works when this JVM runs with {@code -Dthumbnail.importer.selfTest=true} (tests).
   */
  public synchronized ModelData selfTest(String kind, Path model, long timeoutMs) {
    return run(model, model.getFileName().toString(), Long.MAX_VALUE, Long.MAX_VALUE, timeoutMs, () -> false, kind);
  }

  private ModelData run(Path model, String virtualName, long maxTriangles, long drawBudget, long timeoutMs,
                        BooleanSupplier cancelled, String selfTest) {
    long t0 = System.nanoTime();
    ensureStarted();
    long id = ++nextId;
    Path out = scratch.resolve("import-" + id + ".bin");
    JsonObject req = new JsonObject().put("id", id).put("model", model.toAbsolutePath().toString())
        .put("name", virtualName).put("out", out.toString()).put("maxTriangles", maxTriangles)
        .put("drawBudget", drawBudget);
    if (selfTest != null) req.put("selfTest", selfTest);
    try {
      stdin.write(req.encode());
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      kill();
      throw new RenderException(RenderException.INTERNAL, "the importer process is not accepting work: " + e.getMessage());
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs));
    long peak = 0;
    try {
      while (true) {
        String line = replies.poll(25, TimeUnit.MILLISECONDS);
        if (line != null) {
          if (line.equals(EOF)) throw crashed();
          JsonObject reply = new JsonObject(line);
          if (reply.getLong("id", -1L) != id) continue;
          if (!reply.getBoolean("ok", false)) {
            throw new RenderException(reply.getInteger("code", RenderException.BAD_MODEL), reply.getString("error", "import failed"));
          }
          ModelData data = ModelData.read(out);
          lastPeakRssBytes = Math.max(peak, rss());
          lastStats = new Stats(reply.getDouble("ms", 0.0), (System.nanoTime() - t0) / 1e6, lastPeakRssBytes);
          return data;
        }
        if (!process.isAlive()) {
          // drain: the reply may have arrived just before the exit
          String last = replies.poll(200, TimeUnit.MILLISECONDS);
          if (last != null && !last.equals(EOF)) {
            replies.add(last);
            continue;
          }
          throw crashed();
        }
        long r = rss();
        peak = Math.max(peak, r);
        if (r > maxRssBytes) {
          kill();
          throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT,
              "the importer used more than %,d MiB of memory reading the file and was stopped", maxRssBytes >> 20));
        }
        if (System.nanoTime() > deadline) {
          kill();
          throw new RenderException(RenderException.CANCELLED, String.format(Locale.ROOT,
              "import did not finish within %,d ms and was stopped", timeoutMs));
        }
        if (cancelled.getAsBoolean()) {
          kill();
          throw new RenderException(RenderException.CANCELLED, "render was cancelled while the model was importing");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new RenderException(RenderException.CANCELLED, "render was interrupted while the model was importing");
    } catch (IOException e) {
      throw new RenderException(RenderException.INTERNAL, "could not read the importer's output: " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException ignored) {
        // scratch is removed on close anyway
      }
    }
  }

  /** Starts the child now rather than on the first import (it takes about half a second). */
  public synchronized void warmUp() {
    ensureStarted();
  }

  private RenderException crashed() {
    Integer exit = null;
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) exit = process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    String how = exit == null ? "" : exit == 134 || exit == 139 ? " (native crash, exit " + exit + ")" : " (exit " + exit + ")";
    return new RenderException(RenderException.BAD_MODEL, "the importer crashed while reading the file" + how + "; the file is probably malformed");
  }

  private void ensureStarted() {
    if (process != null && process.isAlive()) return;
    kill();
    try {
      Files.createDirectories(scratch);
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
      if (Boolean.getBoolean("thumbnail.importer.selfTest")) cmd.add("-Dthumbnail.importer.selfTest=true");
      cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
      cmd.add("-cp");
      cmd.add(absoluteClassPath());
      cmd.add(ImporterMain.class.getName());
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(scratch.toFile());
      process = pb.start();
      starts++;
      stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      replies = new LinkedBlockingQueue<>();
      BlockingQueue<String> q = replies;
      Process p = process;
      daemon(name + "-out", () -> pump(p.getInputStream(), q));
      daemon(name + "-err", () -> logLines(p.getErrorStream()));
      String ready = q.poll(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (ready == null || ready.equals(EOF)) {
        kill();
        throw new RenderException(RenderException.INTERNAL, "the importer process did not start");
      }
      LOG.debug("importer process {} started (pid {})", name, process.pid());
    } catch (IOException e) {
      kill();
      throw new RenderException(RenderException.INTERNAL, "could not start the importer process: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new RenderException(RenderException.CANCELLED, "interrupted while starting the importer process");
    }
  }

  /** The child runs in the scratch directory, so relative class path entries (IDE, surefire) must become absolute. */
  private static String absoluteClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) continue;
      if (cp.length() > 0) cp.append(java.io.File.pathSeparatorChar);
      cp.append(Path.of(entry).toAbsolutePath());
    }
    return cp.toString();
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

  private long rss() {
    Process p = process;
    if (p == null) return 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private void kill() {
    if (process == null) return;
    Process p = process;
    process = null;
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    kill();
    try (var files = Files.list(scratch)) {
      files.forEach(f -> f.toFile().delete());
      Files.deleteIfExists(scratch);
      Files.deleteIfExists(scratch.getParent());
    } catch (IOException ignored) {
      // nothing to clean
    }
  }
}
