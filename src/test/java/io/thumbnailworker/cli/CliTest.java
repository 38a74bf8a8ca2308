package io.thumbnailworker.cli;

import io.thumbnailworker.samples.SampleModels;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpListsTheFourSubcommands() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String cmd : new String[] {"worker", "api", "demo", "render"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(cmd + " ")), cmd + " missing in:\n" + r.out());
    }
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    for (String[] args : new String[][] {{"frobnicate"}, {"worker", "--no-such-flag"}, {"worker", "--port", "x"},
        {"worker", "--set", "NOT_A_KEY=1"}}) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }
  }

  @Test
  void anInvalidConfigValueIsAUsageErrorNamingTheKey() {
    Run r = run("worker", "--set", "RENDER_WIDTH=9999");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("RENDER_WIDTH"), r.err());
  }

  @ParameterizedTest(name = "--{0}")
  @ValueSource(strings = {"isolate", "no-isolate"})
  @DisplayName("render: one JSON line per file in order, a bad file fails alone, exit 1, the good files are written")
  void renderReportsEachFile(String isolation, @TempDir Path dir) throws Exception {
    List<Path> samples = SampleModels.writeAll(dir.resolve("samples"));
    Path empty = Files.createFile(dir.resolve("empty.glb"));
    Path out = dir.resolve("out");
    Run r = run("render", samples.get(0).toString(), empty.toString(), samples.get(3).toString(), "--out", out.toString(),
        "--width", "64", "--height", "64", "--angle-step", "90", "--" + isolation);
    assertEquals(1, r.code(), r.err());
    List<JsonObject> lines = r.out().lines().map(JsonObject::new).toList();
    assertEquals(3, lines.size(), r.out());
    assertEquals(List.of(true, false, true), lines.stream().map(l -> l.getBoolean("ok")).toList());
    assertTrue(lines.get(1).getString("error").contains("empty"), lines.get(1).encode());
    for (int i : new int[] {0, 2}) {
      BufferedImage poster = ImageIO.read(Path.of(lines.get(i).getString("poster")).toFile());
      assertEquals(64, poster.getWidth());
      assertEquals(4, lines.get(i).getInteger("frames"));
      assertTrue(Files.size(Path.of(lines.get(i).getString("webp"))) > 100);
    }
  }

  @Test
  @DisplayName("render of one good file exits 0")
  void renderOneFileExitsZero(@TempDir Path dir) throws Exception {
    Path model = SampleModels.writeAll(dir.resolve("samples")).get(1);
    Run r = run("render", model.toString(), "--out", dir.resolve("out").toString(), "--width", "64", "--height", "64");
    assertEquals(0, r.code(), r.err());
    assertTrue(new JsonObject(r.out().strip()).getBoolean("ok"));
  }
}
