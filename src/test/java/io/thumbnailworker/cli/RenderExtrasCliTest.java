package io.thumbnailworker.cli;

import io.thumbnailworker.render.AnimatedWebp;
import io.thumbnailworker.sound.TestSounds;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code render --texture-set} and {@code render --waveform}: files written by the test, outputs decoded. */
class RenderExtrasCliTest {
  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static void png(Path file, int argb) throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, argb);
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void typesAreReadFromTheLastWordThatNamesOne() {
    assertEquals("Albedo", TextureSetInputs.type("bricks_albedo.png"));
    assertEquals("Albedo", TextureSetInputs.type("Bricks-BaseColor.jpg"));
    assertEquals("Albedo", TextureSetInputs.type("bricks_diff_2k.png"));
    assertEquals("Normal", TextureSetInputs.type("metal_plate_nor_gl_1k.png"));
    assertEquals("ORM", TextureSetInputs.type("bricks_arm.png"));
    assertEquals("Roughness", TextureSetInputs.type("wood rough.tga"));
    assertEquals("AO", TextureSetInputs.type("wood_ambient_occlusion.png"));
    assertNull(TextureSetInputs.type("photo.png"));
    assertEquals("bricks", TextureSetInputs.setName(java.util.List.of(Path.of("x/bricks_albedo.png"))));
  }

  @Test
  void aTextureSetFolderRendersItsPreview(@TempDir Path dir) throws Exception {
    Path set = Files.createDirectories(dir.resolve("bricks"));
    png(set.resolve("bricks_albedo.png"), 0xffd02020);
    png(set.resolve("bricks_normal.png"), 0xff8080ff);
    png(set.resolve("bricks_orm.png"), 0xffffc000);
    Path out = dir.resolve("out");
    Run r = run("render", "--texture-set", set.toString(), "--geometry", "sphere", "--out", out.toString(),
        "--width", "64", "--height", "64", "--background", "transparent");
    JsonObject line = new JsonObject(r.out().lines().reduce((a, b) -> b).orElse("{}"));
    Assumptions.assumeFalse(r.code() != 0 && String.valueOf(line.getString("error")).contains("EGL"), "no EGL here");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(line.getBoolean("ok"), line.encode());
    assertEquals(28, line.getInteger("frames"));
    assertEquals(5, line.getJsonArray("textures").size(), "albedo, normal and the three maps of the ORM image");
    AnimatedWebp webp = AnimatedWebp.read(out.resolve("bricks.webp"));
    assertEquals(28, webp.frames.size());
    BufferedImage poster = ImageIO.read(out.resolve("bricks.png").toFile());
    int centre = poster.getRGB(32, 32);
    assertTrue((centre >> 16 & 255) > (centre >> 8 & 255) + 40, Integer.toHexString(centre));
  }

  @Test
  void aFileWhoseTypeCannotBeToldIsBadUsage(@TempDir Path dir) throws Exception {
    png(dir.resolve("photo.png"), 0xff000000);
    Run r = run("render", "--texture-set", dir.resolve("photo.png").toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("photo.png"), r.err());
  }

  @Test
  void aWaveformIsWrittenWithTheSoundsFacts(@TempDir Path dir) throws Exception {
    Path wav = Files.write(dir.resolve("burst.wav"), TestSounds.burstWav(22_050, 2, 16));
    Path junk = Files.write(dir.resolve("junk.wav"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Run r = run("render", "--waveform", wav.toString(), junk.toString(), "--out", dir.resolve("out").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    JsonObject good = new JsonObject(r.out().lines().toList().get(0));
    assertTrue(good.getBoolean("ok"), good.encode());
    assertEquals(22_050, good.getInteger("sampleRate"));
    assertEquals(2, good.getInteger("channels"));
    assertEquals("wav", good.getString("format"));
    assertEquals(3.0, good.getDouble("duration"), 1e-6);
    JsonObject stats = good.getJsonObject("statistics");
    assertEquals(2, stats.getInteger("channelCount"), good.encode());
    assertEquals(1 / 3.0, stats.getJsonObject("silence").getDouble("fraction"), 0.03, good.encode());
    BufferedImage img = ImageIO.read(Path.of(good.getString("png")).toFile());
    assertEquals(800, img.getWidth());
    assertEquals(150, img.getHeight());
    JsonObject bad = new JsonObject(r.out().lines().toList().get(1));
    assertFalse(bad.getBoolean("ok"));
    assertFalse(bad.getString("error").isBlank());
  }
}
