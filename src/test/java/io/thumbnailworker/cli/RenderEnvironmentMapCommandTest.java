package io.thumbnailworker.cli;

import io.thumbnailworker.samples.SamplePanoramas;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code render --environment-map}: panoramas and cube-face folders give the same JSON lines as models. */
class RenderEnvironmentMapCommandTest {
  @Test
  @DisplayName("render --environment-map FILE DIR BAD: one JSON line each, the bad file fails alone with its reason, exit 1")
  void environmentMaps(@TempDir Path dir) throws Exception {
    Path hdr = SamplePanoramas.writeHdr(dir.resolve("sky.hdr"), SamplePanoramas.RED_OVER_BLUE, 256, 128);
    Path cube = SamplePanoramas.writeCube(dir.resolve("faces"), SamplePanoramas.RED_OVER_BLUE, 32);
    Path bad = Files.writeString(dir.resolve("bad.exr"), "not an exr");
    Path out = dir.resolve("out");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    synchronized (RenderEnvironmentMapCommandTest.class) {
      try {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        code = Main.run(new String[] {"render", "--environment-map", hdr.toString(), cube.toString(), bad.toString(),
            "--out", out.toString(), "--width", "64", "--height", "64", "--angle-step", "120"});
      } finally {
        System.setOut(stdout);
      }
    }
    assertEquals(1, code);
    List<JsonObject> lines = captured.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    assertEquals(List.of(true, true, false), lines.stream().map(l -> l.getBoolean("ok")).toList(), lines.toString());
    assertEquals(out.resolve("faces.webp").toString(), lines.get(1).getString("webp"));
    for (JsonObject line : lines.subList(0, 2)) {
      assertEquals(3, line.getInteger("frames"), line.encode());
      BufferedImage poster = ImageIO.read(Path.of(line.getString("poster")).toFile());
      assertEquals(64, poster.getWidth());
      int rgb = poster.getRGB(2, 2);
      assertTrue(((rgb >> 16) & 255) > 150 && (rgb & 255) < 100, "sky at the top: " + Integer.toHexString(rgb));
    }
    assertTrue(lines.get(2).getString("error").startsWith("bad.exr could not be decoded as OpenEXR"), lines.get(2).encode());
  }
}
