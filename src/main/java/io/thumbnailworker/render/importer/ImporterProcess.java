package io.thumbnailworker.render.importer;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.precheck.PreChecks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Imports in a long-lived importer child JVM (same class path, main class {@link ImporterMain}). A native crash, an
 * endless loop or a memory blow-up in Assimp ends that process, not the worker: the job fails with a readable message
 * and the next import starts a fresh child. Started lazily (or by {@link #warmUp}); one import at a time, on the
 * thread that awaits it.
 *
 * <p>Limits: wall time per import (the request's timeout or its deadline, whichever is first), Java heap
 * ({@code -Xmx}) and resident memory of the whole process (polled from {@code /proc}, killed above the cap).
 */
public final class ImporterProcess implements Importer {
  private static final String SCRATCH_PREFIX = "thumbnail-worker-import-";

  private final String name;
  private final Path scratch;
  private final int heapMb;
  private final long maxRssBytes;
  private final String mainClass;
  private ImporterJvm jvm;
  private long nextId;
  private long starts;

  public ImporterProcess(String name, Path scratch, int heapMb, long maxRssBytes) {
    this(name, scratch, heapMb, maxRssBytes, ImporterMain.class);
  }

  /** With another main class speaking {@link ImporterMain}'s protocol (tests use one that misbehaves on purpose). */
  ImporterProcess(String name, Path scratch, int heapMb, long maxRssBytes, Class<?> mainClass) {
    this.name = name;
    this.scratch = scratch;
    this.heapMb = heapMb;
    this.maxRssBytes = maxRssBytes;
    this.mainClass = mainClass.getName();
  }

  /**
   * An importer with its scratch folder under {@code java.io.tmpdir}, a 1 GiB heap and a 3 GiB resident-memory cap
   * ({@code -Dthumbnail.importer.heapMb}, {@code -Dthumbnail.importer.maxRssMb}).
   */
  public static ImporterProcess withDefaults(String name) {
    removeStaleScratch();
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), SCRATCH_PREFIX + ProcessHandle.current().pid(), name);
    int heap = Integer.getInteger("thumbnail.importer.heapMb", 1024);
    long rss = Long.getLong("thumbnail.importer.maxRssMb", 3072L) << 20;
    return new ImporterProcess(name, dir, heap, rss);
  }

  /** Scratch folders left by worker JVMs that were killed (a clean close removes its own). */
  private static void removeStaleScratch() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmp, SCRATCH_PREFIX + "*")) {
      for (Path d : dirs) {
        String pid = d.getFileName().toString().substring(SCRATCH_PREFIX.length());
        if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) FileOps.deleteRecursively(d);
      }
    } catch (IOException | RuntimeException ignored) {
      // best effort
    }
  }

  /** How many child processes were started so far (1 + restarts). */
  public synchronized long starts() { return starts; }

  /** Starts the child now rather than on the first import, which would otherwise wait for the JVM to start. */
  @Override
  public synchronized void warmUp() {
    ensureStarted();
  }

  /** Nothing runs until the import is awaited: then on the awaiting thread, polling {@code stop}. */
  @Override
  public Pending begin(ImportRequest request) {
    return stop -> importModel(request, stop);
  }

  /**
   * Pre-checks the file and imports it in the child process, waiting for it here.
   * @param stop polled while waiting; true ends the import (and the child, since Assimp cannot be interrupted)
   */
  public synchronized ImportedModel importModel(ImportRequest request, BooleanSupplier stop) {
    String virtualName = PreChecks.check(request.model(), request.fileType());
    long timeoutMs = request.remainingMs(System.currentTimeMillis());
    ensureStarted();
    long id = ++nextId;
    Path out = scratch.resolve("import-" + id + ".bin");
    try {
      send(new JsonObject().put("id", id).put("model", request.model().toAbsolutePath().toString())
          .put("name", virtualName).put("out", out.toString()).put("maxTriangles", request.maxTriangles())
          .put("drawBudget", request.drawBudget())
          .put("upAxis", request.options().upAxis()).put("creaseAngle", request.options().creaseAngle())
          .put("sceneFacts", request.options().sceneFacts())
          .put("materials", new JsonArray(request.absoluteMaterials().stream().map(MaterialOverride::toJson).toList())));
      JsonObject reply = awaitReply(id, timeoutMs, stop);
      return new ImportedModel(ModelData.read(out), reply.getDouble("ms", 0.0), reply.getJsonObject("sceneFacts"));
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

  private void send(JsonObject request) {
    try {
      jvm.send(request);
    } catch (IOException e) {
      kill();
      throw new RenderException(RenderException.INTERNAL, "the importer process is not accepting work: " + e.getMessage());
    }
  }

  /** The child's successful reply to request {@code id}; a failure, crash or limit ends the wait with its reason. */
  private JsonObject awaitReply(long id, long timeoutMs, BooleanSupplier stop) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs));
    while (true) {
      String line = jvm.poll(25);
      if (line != null) {
        if (line.equals(ImporterJvm.EOF)) throw crashed();
        JsonObject reply = new JsonObject(line);
        if (reply.getLong("id", -1L) != id) continue;
        if (!reply.getBoolean("ok", false)) {
          throw new RenderException(reply.getInteger("code", RenderException.BAD_MODEL), reply.getString("error", "import failed"));
        }
        return reply;
      }
      if (!jvm.isAlive()) {
        // drain: the reply may have arrived just before the exit
        String last = jvm.poll(200);
        if (last == null || last.equals(ImporterJvm.EOF)) throw crashed();
        jvm.putBack(last);
        continue;
      }
      enforceLimits(timeoutMs, deadline, stop);
    }
  }

  private void enforceLimits(long timeoutMs, long deadlineNanos, BooleanSupplier stop) {
    if (jvm.rss() > maxRssBytes) {
      kill();
      throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT,
          "the importer used more than %,d MiB of memory reading the file and was stopped", maxRssBytes >> 20));
    }
    if (System.nanoTime() > deadlineNanos) {
      kill();
      throw new RenderException(RenderException.CANCELLED, String.format(Locale.ROOT,
          "import did not finish within %,d ms and was stopped", timeoutMs));
    }
    if (stop.getAsBoolean()) {
      kill();
      throw new RenderException(RenderException.CANCELLED, "render was cancelled while the model was importing");
    }
  }

  private RenderException crashed() {
    String how = jvm.exitDescription();
    kill();
    return new RenderException(RenderException.BAD_MODEL, "the importer crashed while reading the file" + how + "; the file is probably malformed");
  }

  private void ensureStarted() {
    if (jvm != null && jvm.isAlive()) return;
    kill();
    jvm = ImporterJvm.start(name, scratch, heapMb, mainClass);
    starts++;
  }

  private void kill() {
    if (jvm == null) return;
    ImporterJvm dying = jvm;
    jvm = null;
    dying.kill();
  }

  @Override
  public synchronized void close() {
    kill();
    try {
      FileOps.deleteRecursively(scratch);
      Files.deleteIfExists(scratch.getParent());   // the per-worker folder, once its last importer is gone
    } catch (IOException ignored) {
      // another importer's scratch is still there, or nothing to clean
    }
  }
}
