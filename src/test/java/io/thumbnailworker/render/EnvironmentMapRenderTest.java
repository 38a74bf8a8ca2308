package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.samples.SamplePanoramas;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Environment maps through the render engine: panoramas written by the test (Radiance, OpenEXR, six cube faces, TIFF)
 * that are red above the horizon and blue below, rendered as background plus chrome sphere; the lossless PNG poster
 * is read back pixel by pixel. Between the horizon and the sphere's centre the background is ground (blue) while the
 * sphere, tilted up towards the camera, mirrors the sky (red): only a sphere that reflects the map shows both.
 */
class EnvironmentMapRenderTest {
  static final int SIZE = 128;
  static RenderService service;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    service = TestEngines.startOrSkip();
  }

  @AfterAll
  static void stop() {
    if (service != null) service.close();
  }

  static RenderResult render(Path input, Path out, int frames) throws Exception {
    RenderSettings s = RenderSettings.defaults().withSize(SIZE, SIZE).withOrbit(0, 360, 360.0 / frames);
    RenderJob job = new RenderJob("env-" + input.getFileName(), input, null, out, s, 0L, true, "png", null,
        SceneKind.ENVIRONMENT_MAP, new JsonObject());
    return service.submit(job).get(120, TimeUnit.SECONDS);
  }

  /** Red channel minus blue channel of a pixel: positive for the sky, negative for the ground. */
  static int redness(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y);
    return ((rgb >> 16) & 255) - (rgb & 255);
  }

  static void assertReflects(RenderResult r, int frames) throws Exception {
    assertEquals(frames, r.frameCount());
    assertEquals(frames, AnimatedWebp.read(r.webp()).frames.size(), "frames in the WebP");
    BufferedImage poster = ImageIO.read(r.poster().toFile());
    assertEquals(SIZE, poster.getWidth());
    int c = SIZE / 2;
    // the horizon is 8° above the centre (about 22 px at 45° and 128 px), the sphere about 38 px in radius
    assertTrue(redness(poster, 4, 4) > 100, "sky at the top left");
    assertTrue(redness(poster, 4, SIZE - 5) < -100, "ground at the bottom left");
    assertTrue(redness(poster, 6, c - 8) < -100, "ground behind the sphere's upper half, beside it");
    assertTrue(redness(poster, c, c - 8) > 60, "the sphere mirrors the sky where the background is ground: "
        + Integer.toHexString(poster.getRGB(c, c - 8)));
    assertTrue(redness(poster, c, c + 30) < -60, "the sphere's lower part mirrors the ground");
    assertTrue(redness(poster, c, c - 32) > 60, "the sphere's top mirrors the sky");
  }

  @Test
  @DisplayName("a Radiance .hdr, an OpenEXR and a cube of six .hdr faces each render background and a mirroring sphere")
  void formats() throws Exception {
    Path hdr = SamplePanoramas.writeHdr(tmp.resolve("sky.hdr"), SamplePanoramas.RED_OVER_BLUE, 512, 256);
    assertReflects(render(hdr, tmp.resolve("out-hdr"), 4), 4);
    Path exr = SamplePanoramas.writeExr(tmp.resolve("sky.exr"), SamplePanoramas.RED_OVER_BLUE, 256, 128);
    assertReflects(render(exr, tmp.resolve("out-exr"), 3), 3);
    Path cube = SamplePanoramas.writeCube(tmp.resolve("cube"), SamplePanoramas.RED_OVER_BLUE, 64);
    assertReflects(render(cube, tmp.resolve("out-cube"), 2), 2);
  }

  @Test
  @DisplayName("8-bit panoramas: PNG through stb_image and TIFF through ImageIO")
  void eightBit() throws Exception {
    BufferedImage img = new BufferedImage(256, 128, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 128; y++) for (int x = 0; x < 256; x++) img.setRGB(x, y, y < 64 ? 0xe01008 : 0x0820d0);
    Path png = tmp.resolve("sky.png");
    Path tif = tmp.resolve("sky.tif");
    ImageIO.write(img, "png", png.toFile());
    assertTrue(ImageIO.write(img, "tiff", tif.toFile()), "this runtime writes TIFF");
    assertReflects(render(png, tmp.resolve("out-png"), 1), 1);
    assertReflects(render(tif, tmp.resolve("out-tif"), 1), 1);
  }

  @Test
  @DisplayName("a corrupt .hdr, a corrupt .exr and a cube without a face fail with code 400 and the file's name; the engine "
      + "renders the next map")
  void corrupt() throws Exception {
    byte[] junk = new byte[2048];
    new Random(5).nextBytes(junk);
    Path hdr = Files.write(tmp.resolve("broken.hdr"), junk);
    Path exr = Files.write(tmp.resolve("broken.exr"), junk);
    Path cube = SamplePanoramas.writeCube(tmp.resolve("cube"), SamplePanoramas.RED_OVER_BLUE, 16);
    Files.delete(cube.resolve("ny.hdr"));
    assertFails(hdr, "broken.hdr is not a readable Radiance HDR image");
    assertFails(exr, "broken.exr could not be decoded as OpenEXR");
    assertFails(cube, "the cube map has no face ny");
    Path good = SamplePanoramas.writeHdr(tmp.resolve("after.hdr"), SamplePanoramas.RED_OVER_BLUE, 256, 128);
    assertReflects(render(good, tmp.resolve("out-after"), 2), 2);
  }

  private void assertFails(Path input, String start) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> render(input, tmp.resolve("out-bad"), 2));
    RenderException re = assertInstanceOf(RenderException.class, e.getCause());
    assertEquals(RenderException.BAD_MODEL, re.code());
    assertTrue(re.getMessage().startsWith(start), re.getMessage());
  }
}
