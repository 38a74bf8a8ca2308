package io.thumbnailworker.render.importer;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.ImportOptions;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.assimp.SceneFacts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Main class of the importer child process. Reads one JSON request per line on stdin
 * ({@code {id, model, name, out, maxTriangles, drawBudget, materials, upAxis, creaseAngle}}, {@code materials} being
 * {@link MaterialOverride}s), imports the model with Assimp, puts texture-set materials in place of its own (their
 * images are decoded here too, being as untrusted as the model), writes the flattened
 * {@link ModelData} to {@code out} and answers one line {@code @@IMPORT {id, ok, error?, code?, triangles?, ms?,
 * sceneFacts?}} on
 * stdout. Anything else on stdout (a native library printing) is ignored by the parent, which looks only at prefixed
 * lines.
 *
 * <p>Imports run on a thread with a 1 GiB stack (reserved, touched only as deep as the recursion goes), so deeply
 * nested node hierarchies that overflow a normal stack load instead of crashing.
 */
public final class ImporterMain {
  public static final String PREFIX = "@@IMPORT ";
  private static final long STACK_BYTES = 1L << 30;

  /** Reads the model a request names. */
  @FunctionalInterface
  interface Loader {
    ModelData load(JsonObject request) throws IOException;
  }

  private ImporterMain() {}

  public static void main(String[] args) throws InterruptedException {
    run(ImporterMain::load);
  }

  /** Serves requests with {@code loader} until stdin closes, then exits the JVM. */
  static void run(Loader loader) throws InterruptedException {
    PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Thread worker = new Thread(null, () -> serve(proto, loader), "assimp-import", STACK_BYTES);
    worker.start();
    worker.join();
    System.exit(0);
  }

  static ModelData load(JsonObject request) throws IOException {
    List<MaterialOverride> materials = request.getJsonArray("materials", new JsonArray()).stream()
        .map(o -> MaterialOverride.fromJson((JsonObject) o)).toList();
    return ImportRequest.read(Path.of(request.getString("model")), request.getString("name"),
        request.getLong("maxTriangles"), request.getLong("drawBudget", Long.MAX_VALUE), materials,
        new ImportOptions(request.getString("upAxis", ImportOptions.DEFAULT.upAxis()),
            request.getDouble("creaseAngle", ImportOptions.DEFAULT.creaseAngle()),
            request.getBoolean("sceneFacts", false)));
  }

  private static void serve(PrintStream proto, Loader loader) {
    proto.println(PREFIX + new JsonObject().put("ready", true).encode());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonObject request = new JsonObject(line);
        JsonObject reply = new JsonObject().put("id", request.getLong("id"));
        boolean heapExhausted = importInto(reply, request, loader);
        proto.println(PREFIX + reply.encode());
        if (heapExhausted) return;
      }
    } catch (Exception e) {
      System.err.println("importer: stopping: " + e);
    }
  }

  /** Imports one request and fills in its reply; true when the heap ran out, after which the process should end. */
  private static boolean importInto(JsonObject reply, JsonObject request, Loader loader) {
    long t0 = System.nanoTime();
    boolean heapExhausted = false;
    try {
      ModelData data = loader.load(request);
      data.write(Path.of(request.getString("out")));
      reply.put("ok", true).put("triangles", data.triangleCount()).put("sceneFacts", SceneFacts.take());
    } catch (RenderException e) {
      reply.put("ok", false).put("code", e.code()).put("error", e.getMessage());
    } catch (OutOfMemoryError e) {
      reply.put("ok", false).put("code", RenderException.BAD_MODEL).put("error", "the model needs more memory than the importer is allowed");
      heapExhausted = true;
    } catch (Exception e) {
      reply.put("ok", false).put("code", RenderException.BAD_MODEL)
          .put("error", "could not read the model: " + RenderException.sanitize(String.valueOf(e.getMessage())));
    }
    reply.put("ms", (System.nanoTime() - t0) / 1_000_000.0);
    return heapExhausted;
  }
}
