package io.thumbnailworker.render.gl;

import io.thumbnailworker.render.NativeLibraries;
import io.thumbnailworker.render.RenderException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.APIUtil;
import org.lwjgl.system.Library;
import org.lwjgl.system.SharedLibrary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Creating the EGL context must not hang while another thread maps a new shared library. LWJGL's loading of a system
 * library by name (its path lookup walks {@code dl_iterate_phdr} and calls {@code dlopen} in the callback) deadlocks
 * against that in glibc; a cold {@code render} hung that way once. Each attempt runs in a fresh JVM, since libEGL is
 * loaded once per process.
 */
class EglLoadingTest {
  /** A small library the JVM does not load itself, so each dlopen maps it anew and each dlclose unmaps it. */
  private static final List<String> CHURN = List.of("libbz2.so.1.0", "libexpat.so.1", "libffi.so.8");

  @Test
  void contextStartsWhileAnotherThreadLoadsLibraries() throws Exception {
    Path log = Files.createTempFile("egl-loading", ".log");
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Probe.class.getName())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly().waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Assumptions.assumeFalse(out.contains("SKIP"), out);
        assertTrue(exited, "EGL start-up hung while another thread loaded libraries (attempt " + attempt + "):\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("context up"), out);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Child JVM: churns a library on one thread while this one creates and closes the EGL context. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      NativeLibraries.prepare();
      Library.initialize();
      String churn = CHURN.stream().filter(Probe::loadable).findFirst().orElse(null);
      if (churn == null) {
        System.out.println("SKIP: none of " + CHURN + " is installed");
        return;
      }
      Thread t = new Thread(() -> {
        while (true) {
          SharedLibrary lib = APIUtil.apiCreateLibrary(churn);
          lib.free();
        }
      }, "churn");
      t.setDaemon(true);
      t.start();
      try {
        EglContext ctx = EglContext.create("auto");
        System.out.println("context up: " + ctx.renderer());
        ctx.close();
      } catch (RenderException e) {
        System.out.println("SKIP: no usable EGL here: " + e.getMessage());
      }
      System.exit(0);
    }

    private static boolean loadable(String name) {
      try {
        APIUtil.apiCreateLibrary(name).free();
        return true;
      } catch (UnsatisfiedLinkError e) {
        return false;
      }
    }
  }
}
