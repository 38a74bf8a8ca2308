package io.thumbnailworker.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class SafeUnzipTest {
  @TempDir Path tmp;

  static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void picksTheGltfOverOtherModelsAndKeepsCompanions() throws Exception {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("model/scene.bin", new byte[10]);
    e.put("model/textures/a.png", new byte[10]);
    e.put("model/other.fbx", new byte[10]);
    e.put("model/scene.gltf", "{}".getBytes());
    e.put("__MACOSX/model/._scene.gltf", new byte[3]);
    Path out = tmp.resolve("out");
    Path main = new SafeUnzip(100, 1 << 20).extractMainModel(zip(tmp.resolve("a.zip"), e), out);
    assertEquals(out.resolve("model/scene.gltf").toAbsolutePath(), main);
    assertTrue(Files.exists(out.resolve("model/scene.bin")));
    assertTrue(Files.exists(out.resolve("model/textures/a.png")));
  }

  @Test
  void aSingleRenderableFileIsTheModelWhateverItsFormat() throws Exception {
    Path main = new SafeUnzip(100, 1 << 20).extractMainModel(
        zip(tmp.resolve("a.zip"), Map.of("spider.3ds", new byte[5], "readme.txt", new byte[2])), tmp.resolve("o"));
    assertEquals("spider.3ds", main.getFileName().toString());
  }

  @Test
  void zipSlipIsRefused() throws Exception {
    Path z = zip(tmp.resolve("evil.zip"), Map.of("../../escaped.obj", new byte[5]));
    JobFailure f = assertThrows(JobFailure.class, () -> new SafeUnzip(100, 1 << 20).extractMainModel(z, tmp.resolve("o")));
    assertTrue(f.getMessage().contains("points outside the archive"), f.getMessage());
    assertFalse(Files.exists(tmp.getParent().resolve("escaped.obj")));
  }

  @Test
  void inflatedSizeIsCappedWhileStreaming() throws Exception {
    Path z = zip(tmp.resolve("bomb.zip"), Map.of("a.obj", new byte[2_000_000]));   // zeros: compresses to ~2 KB
    assertTrue(Files.size(z) < 20_000);
    JobFailure f = assertThrows(JobFailure.class, () -> new SafeUnzip(100, 1_000_000).extractMainModel(z, tmp.resolve("o")));
    assertTrue(f.getMessage().contains("inflates to more than 1000000 bytes"), f.getMessage());
  }

  @Test
  void entryCountIsCapped() throws Exception {
    Map<String, byte[]> e = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) e.put("f" + i + ".obj", new byte[1]);
    Path z = zip(tmp.resolve("many.zip"), e);
    JobFailure f = assertThrows(JobFailure.class, () -> new SafeUnzip(10, 1 << 20).extractMainModel(z, tmp.resolve("o")));
    assertTrue(f.getMessage().contains("more than 10 entries"), f.getMessage());
  }

  @Test
  void noModelAndNotAZipAreReadable() throws Exception {
    Path z = zip(tmp.resolve("tex.zip"), Map.of("a.png", new byte[1]));
    assertTrue(assertThrows(JobFailure.class, () -> new SafeUnzip(10, 1 << 20).extractMainModel(z, tmp.resolve("o")))
        .getMessage().contains("no renderable model"));
    Path junk = tmp.resolve("junk.zip");
    try (OutputStream o = Files.newOutputStream(junk)) { o.write("not a zip at all".getBytes()); }
    assertTrue(assertThrows(JobFailure.class, () -> new SafeUnzip(10, 1 << 20).extractMainModel(junk, tmp.resolve("p")))
        .getMessage().startsWith("unzip: "));
  }
}
