package io.thumbnailworker.render.encode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

import static org.junit.jupiter.api.Assertions.*;

class ImageEncodersTest {
  @Test
  @DisplayName("premultiplied colour becomes straight colour; opaque and empty pixels stay as they are")
  void unpremultiply() {
    int[] px = {0x80402010, 0xff123456, 0x00000000, 0x40ffffff};
    ImageEncoders.unpremultiply(px);
    assertArrayEquals(new int[] {0x80804020, 0xff123456, 0x00000000, 0x40ffffff}, px);
  }

  @Test
  @DisplayName("flattening composites straight colour over the background colour")
  void flatten() {
    int[] out = ImageEncoders.flatten(new int[] {0x80ff0000, 0xff00ff00, 0x00123456}, 0xffffff);
    assertArrayEquals(new int[] {0xffff7f7f, 0xff00ff00, 0xffffffff}, out);
  }

  @Test
  @DisplayName("a PNG keeps the alpha of every pixel exactly")
  void pngKeepsAlpha() throws Exception {
    int[] px = {0x00000000, 0x80ff0000, 0xff00ff00, 0x01010203};
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(ImageEncoders.png(ImageEncoders.image(px, 2, 2, true))));
    assertArrayEquals(px, back.getRGB(0, 0, 2, 2, null, 0, 2));
  }
}
