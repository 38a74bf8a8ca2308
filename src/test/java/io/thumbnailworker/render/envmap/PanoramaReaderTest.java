package io.thumbnailworker.render.envmap;

import io.thumbnailworker.samples.SamplePanoramas;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The decoders without GL: values, orientation, reduction and the errors a bad input gets. */
class PanoramaReaderTest {
  @TempDir
  Path tmp;

  static float[] pixel(Panorama p, int image, int x, int y) {
    float[] px = p.images().get(image);
    int i = 3 * (y * p.width() + x);
    return new float[] {px[i], px[i + 1], px[i + 2]};
  }

  @Test
  @DisplayName("Radiance and OpenEXR keep linear values above 1 and the top row up; both reduce by a whole factor")
  void highDynamicRange() throws Exception {
    SamplePanoramas.Sky sky = (x, y, z) -> y > 0 ? new float[] {12f, 3f, 0.5f} : new float[] {0.02f, 0.04f, 0.3f};
    Path hdr = SamplePanoramas.writeHdr(tmp.resolve("a.hdr"), sky, 256, 128);
    Path exr = SamplePanoramas.writeExr(tmp.resolve("a.exr"), sky, 256, 128);
    for (Path f : new Path[] {hdr, exr}) {
      Panorama p = PanoramaReader.read(f, 100);
      assertEquals(Panorama.Projection.EQUIRECTANGULAR, p.projection());
      assertTrue(p.highDynamicRange(), f.toString());
      assertEquals(85, p.width(), "256 reduced by 3");
      assertEquals(42, p.height());
      assertEquals(256, p.sourceWidth());
      assertArrayEquals(new float[] {12f, 3f, 0.5f}, pixel(p, 0, 10, 2), 0.2f, f + " sky");
      assertArrayEquals(new float[] {0.02f, 0.04f, 0.3f}, pixel(p, 0, 10, 40), 0.01f, f + " ground");
    }
  }

  @Test
  @DisplayName("an OpenEXR whose header claims 20000x10000 pixels is refused from its header, before any pixel is decoded")
  void tooLarge() throws Exception {
    Path exr = SamplePanoramas.writeExr(tmp.resolve("huge.exr"), SamplePanoramas.RED_OVER_BLUE, 4, 2);
    byte[] b = Files.readAllBytes(exr);
    byte[] key = "dataWindow\0box2i\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(b, key) + key.length + 4;
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at + 8, 19_999).putInt(at + 12, 9_999);
    Files.write(exr, b);
    assertEquals("huge.exr is 20000x10000, above the 134 megapixel limit",
        assertThrows(PanoramaException.class, () -> PanoramaReader.read(exr, 4096)).getMessage());
  }

  private static int indexOf(byte[] b, byte[] key) {
    outer:
    for (int i = 0; i + key.length <= b.length; i++) {
      for (int j = 0; j < key.length; j++) if (b[i + j] != key[j]) continue outer;
      return i;
    }
    throw new AssertionError("no dataWindow attribute");
  }

  @Test
  @DisplayName("8-bit images are sRGB-decoded to linear: 0x80 reads as 0.216")
  void eightBit() throws Exception {
    BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, 0x80ff00);
    Path png = tmp.resolve("a.png");
    ImageIO.write(img, "png", png.toFile());
    Panorama p = PanoramaReader.read(png, 4096);
    assertFalse(p.highDynamicRange());
    assertArrayEquals(new float[] {0.2158f, 1f, 0f}, pixel(p, 0, 5, 5), 0.001f);
  }

  @Test
  @DisplayName("six faces become one cube; faces of different sizes, a missing face, an unknown type are readable errors")
  void cube() throws Exception {
    Path dir = SamplePanoramas.writeCube(tmp.resolve("cube"), SamplePanoramas.RED_OVER_BLUE, 32);
    Panorama p = PanoramaReader.read(dir, 4096);
    assertEquals(Panorama.Projection.CUBE, p.projection());
    assertEquals(32, p.width());
    assertTrue(pixel(p, 2, 16, 16)[0] > 0.5f, "+y is the sky");
    assertTrue(pixel(p, 3, 16, 16)[2] > 0.5f, "-y is the ground");

    SamplePanoramas.writeHdr(dir.resolve("pz.hdr"), SamplePanoramas.RED_OVER_BLUE, 16, 16);
    assertEquals("cube face pz is 16 pixels across, face px 32; all six must be the same size",
        assertThrows(PanoramaException.class, () -> PanoramaReader.read(dir, 4096)).getMessage());
    SamplePanoramas.writeHdr(dir.resolve("pz.hdr"), SamplePanoramas.RED_OVER_BLUE, 32, 16);
    assertEquals("cube face pz is 32x16, not square",
        assertThrows(PanoramaException.class, () -> PanoramaReader.read(dir, 4096)).getMessage());
    Path webp = Files.write(tmp.resolve("a.webp"), new byte[] {1, 2, 3});
    assertTrue(assertThrows(PanoramaException.class, () -> PanoramaReader.read(webp, 4096)).getMessage()
        .startsWith("a.webp is not an environment map image; supported: "));
  }
}
