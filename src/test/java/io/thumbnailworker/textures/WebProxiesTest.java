package io.thumbnailworker.textures;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Web proxies and the facts a texture-set job reports, from images written by the test and decoded back. */
class WebProxiesTest {
  static Path png(Path file, int w, int h, int argb) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, x < w / 4 ? 0xff000000 : argb);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  static BufferedImage decode(WebProxies.Proxy p) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(p.bytes()));
  }

  @Test
  void proxiesAreCentredSquaresNamedAndEncodedByType(@TempDir Path dir) throws Exception {
    // 64 x 32 with a black band on the left quarter: the centred 32 x 32 square leaves it out
    Path albedo = png(dir.resolve("wood.png"), 64, 32, 0xffc08040);
    WebProxies.Proxy colour = WebProxies.make(new TextureFile(1, "Albedo", "RGB", albedo), 256).orElseThrow();
    assertEquals("wood_proxy_256.webp", colour.fileName());
    assertEquals("image/webp", colour.contentType());
    BufferedImage img = decode(colour);
    assertEquals(256, img.getWidth());
    assertEquals(256, img.getHeight());
    assertEquals(0xc0, img.getRGB(4, 128) >> 16 & 255, 12, "the cropped square starts past the black band");

    WebProxies.Proxy green = WebProxies.make(new TextureFile(2, "Roughness", "G", albedo), 256).orElseThrow();
    assertEquals("wood_G_proxy_256.webp", green.fileName());
    int g = decode(green).getRGB(128, 128);
    assertEquals(0x80, g & 255, "lossless grey of the green channel");
    assertEquals(g & 255, g >> 16 & 255);

    Path normal = png(dir.resolve("n.png"), 8, 8, 0xff8080ff);
    WebProxies.Proxy n = WebProxies.make(new TextureFile(3, "Normal", "RGB", normal), 256).orElseThrow();
    assertEquals("n_proxy_256.png", n.fileName());
    int v = decode(n).getRGB(128, 128);
    assertEquals(255, v & 255, "(0, 0, 1) renormalised stays straight up");

    Files.write(dir.resolve("sky.exr"), new byte[] {1, 2, 3});
    assertTrue(WebProxies.make(new TextureFile(4, "Albedo", "RGB", dir.resolve("sky.exr")), 256).isEmpty());
  }

  @Test
  void metadataAndTheExtractionRecordDescribeEveryTexture(@TempDir Path dir) throws Exception {
    Path orm = png(dir.resolve("orm.png"), 16, 8, 0xffff8000);
    Path junk = Files.write(dir.resolve("junk.png"), new byte[] {9, 9, 9});
    List<TextureFile> files = List.of(new TextureFile(1, "AO", "R", orm), new TextureFile(2, "Roughness", "G", orm),
        new TextureFile(3, "Albedo", "RGB", junk));
    var metadata = TextureFacts.metadata(files);
    assertEquals(2, metadata.size(), "the unreadable image is left out: " + metadata);
    assertEquals(new JsonObject().put("width", 16).put("height", 8).put("format", "png").put("textureId", 1L), metadata.getJsonObject(0));
    JsonObject record = TextureFacts.extraction(files);
    assertEquals(64, record.getString("fileSha256").length());
    JsonObject channels = record.getJsonObject("payload").getJsonObject("channels");
    assertEquals(1, channels.getJsonObject("AO").getInteger("sourceChannel"));
    assertEquals(0.75, channels.getJsonObject("AO").getDouble("mean"), 0.01, "a quarter black, the rest 255 in red");
    assertEquals(2, record.getJsonObject("payload").getInteger("channelCount"));
    assertEquals(1, record.getJsonArray("warnings").size());
    assertEquals(record.getString("fileSha256"), TextureFacts.extraction(List.of(files.get(2), files.get(1), files.get(0)))
        .getString("fileSha256"), "the fingerprint does not depend on the order");
  }
}
