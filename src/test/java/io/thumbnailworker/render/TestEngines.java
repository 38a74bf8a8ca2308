package io.thumbnailworker.render;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared helpers: start an engine or skip when this host has no usable EGL; find the shared model corpus. */
final class TestEngines {
  private TestEngines() {}

  static RenderService startOrSkip() {
    try {
      return RenderService.start(RenderService.Options.defaults());
    } catch (RenderException e) {
      Assumptions.abort("no usable EGL/OpenGL here: " + e.getMessage());
      return null;
    }
  }

  /** The corpus directory from -Dthumbnail.models.dir, or a skipped test when it is absent. */
  static Path modelsOrSkip() {
    String dir = System.getProperty("thumbnail.models.dir");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "model corpus not found (thumbnail.models.dir=" + dir + ")");
    return Path.of(dir);
  }
}
