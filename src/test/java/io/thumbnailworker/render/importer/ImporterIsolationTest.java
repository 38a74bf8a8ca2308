package io.thumbnailworker.render.importer;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.samples.SampleModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An importer crash, hang or memory blow-up costs one import; the next import gets a fresh child process. The child
 * here is {@link MisbehavingImporterMain}, which misbehaves on the files named for it and imports the rest.
 */
class ImporterIsolationTest {
  static ImporterProcess importer;
  static Path model;
  static Path dir;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    importer = new ImporterProcess("isolation-test", dir.resolve("scratch"), 256, 768L << 20, MisbehavingImporterMain.class);
    model = SampleModels.writeAll(dir.resolve("samples")).get(0);
    for (String kind : new String[] {"crash", "hang", "alloc"}) Files.copy(model, dir.resolve(kind + ".glb"));
  }

  @AfterAll
  static void stop() {
    importer.close();
  }

  private static ModelData importOk() {
    return importer.importModel(new ImportRequest(model, null, 1_000_000, Long.MAX_VALUE, 60_000, 0), () -> false).model();
  }

  /** Imports the copy of the model whose name makes the child misbehave. */
  private static ModelData misbehave(String kind, long timeoutMs) {
    return importer.importModel(new ImportRequest(dir.resolve(kind + ".glb"), null, Long.MAX_VALUE, Long.MAX_VALUE, timeoutMs, 0), () -> false).model();
  }

  @Test
  @DisplayName("a native crash in the importer fails that import with a readable message and the next one works")
  void crash() {
    importOk();
    long before = importer.starts();
    RenderException e = assertThrows(RenderException.class, () -> misbehave("crash", 60_000));
    assertTrue(e.getMessage().startsWith("the importer crashed while reading the file"), e.getMessage());
    assertTrue(importOk().triangleCount() > 0);
    assertEquals(before + 1, importer.starts(), "one restart");
  }

  @Test
  @DisplayName("a hung import is killed at its time limit and the next one works")
  void hang() {
    long t0 = System.nanoTime();
    RenderException e = assertThrows(RenderException.class, () -> misbehave("hang", 1500));
    assertEquals(RenderException.CANCELLED, e.code());
    assertEquals("import did not finish within 1,500 ms and was stopped", e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1e6 < 10_000);
    assertTrue(importOk().triangleCount() > 0);
  }

  @Test
  @DisplayName("an import that blows through the memory cap is stopped and the next one works")
  void memory() {
    RenderException e = assertThrows(RenderException.class, () -> misbehave("alloc", 60_000));
    assertTrue(e.getMessage().contains("MiB of memory") || e.getMessage().contains("crashed") || e.getMessage().contains("more memory"), e.getMessage());
    assertTrue(importOk().triangleCount() > 0);
  }
}
