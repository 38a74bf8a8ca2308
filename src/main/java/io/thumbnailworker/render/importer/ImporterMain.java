package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Main class of the importer child process. Reads one JSON request per line on stdin
 * ({@code {id, model, name, out, maxTriangles}}), imports the model with Assimp, writes the flattened {@link ModelData}
 * to {@code out} and answers one line {@code @@IMPORT {id, ok, error?, code?, triangles?, ms?}} on stdout. Anything
 * else on stdout (a native library printing) is ignored by the parent, which looks only at prefixed lines.
 *
 * <p>Imports run on a thread with a 1 GiB stack (reserved, touched only as deep as the recursion goes), so deeply
 * nested node hierarchies that overflow a normal stack load instead of crashing.
 */
public final class ImporterMain {
  public static final String PREFIX = "@@IMPORT ";
  private static final long STACK_BYTES = 1L << 30;

  private ImporterMain() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Thread worker = new Thread(null, () -> serve(proto), "assimp-import", STACK_BYTES);
    worker.start();
    worker.join();
    System.exit(0);
  }

  /**
   * Misbehaves on purpose (native crash, endless loop, memory blow-up) so tests can prove the parent survives all
   * three. Only honoured when the child was started with {@code -Dthumbnail.importer.selfTest=true}.
   */
  private static void selfTest(String kind) {
    if (!Boolean.getBoolean("thumbnail.importer.selfTest")) throw new RenderException(RenderException.INTERNAL, "self-tests are disabled");
    switch (kind) {
      case "crash" -> org.lwjgl.system.JNI.invokeV(8L);   // jump to address 8: a real native SIGSEGV
      case "hang" -> {
        while (true) Thread.onSpinWait();
      }
      case "alloc" -> {
        java.nio.ByteBuffer b = org.lwjgl.system.MemoryUtil.memAlloc(Integer.MAX_VALUE - 64);
        for (int i = 0; i < b.capacity(); i += 4096) b.put(i, (byte) 1);
      }
      default -> throw new RenderException(RenderException.INTERNAL, "unknown self-test " + kind);
    }
  }

  private static void serve(PrintStream proto) {
    proto.println(PREFIX + new JsonObject().put("ready", true).encode());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonObject req = new JsonObject(line);
        JsonObject reply = new JsonObject().put("id", req.getLong("id"));
        boolean exitAfter = false;
        long t0 = System.nanoTime();
        try {
          if (req.containsKey("selfTest")) selfTest(req.getString("selfTest"));
          ModelData data = AssimpLoader.load(Path.of(req.getString("model")), req.getString("name"), req.getLong("maxTriangles"),
              req.getLong("drawBudget", Long.MAX_VALUE));
          data.write(Path.of(req.getString("out")));
          reply.put("ok", true).put("triangles", data.triangleCount());
        } catch (RenderException e) {
          reply.put("ok", false).put("code", e.code()).put("error", e.getMessage());
        } catch (OutOfMemoryError e) {
          reply.put("ok", false).put("code", RenderException.BAD_MODEL).put("error", "the model needs more memory than the importer is allowed");
          exitAfter = true;
        } catch (Exception e) {
          reply.put("ok", false).put("code", RenderException.BAD_MODEL)
              .put("error", "could not read the model: " + RenderException.sanitize(String.valueOf(e.getMessage())));
        }
        reply.put("ms", (System.nanoTime() - t0) / 1_000_000.0);
        proto.println(PREFIX + reply.encode());
        if (exitAfter) return;
      }
    } catch (Exception e) {
      System.err.println("importer: stopping: " + e);
    }
  }
}
