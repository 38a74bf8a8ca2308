package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

class TextureScalerTest {
  @Test
  @DisplayName("shrinking a large image keeps the colour of pixels whose alpha is 0 (a packed map's data)")
  void keepsColourUnderZeroAlpha() {
    BufferedImage img = new BufferedImage(2048, 1024, BufferedImage.TYPE_INT_ARGB);
    int[] row = new int[2048];
    java.util.Arrays.fill(row, 0x0080ff40);
    for (int y = 0; y < 1024; y++) img.setRGB(0, y, 2048, 1, row, 0, 2048);
    ModelData.Texture t = TextureDecoder.toTexture(img);
    assertEquals(1024, t.width());
    assertEquals(512, t.height());
    byte[] b = t.abgr();
    assertArrayEquals(new int[] {0, 0x40, 0xff, 0x80}, new int[] {b[0] & 255, b[1] & 255, b[2] & 255, b[3] & 255});
  }

  @Test
  @DisplayName("shrinking averages each output pixel's footprint; enlarging interpolates")
  void boxAndLinear() {
    // one row: black, white, black, white (channel R only shown)
    byte[] px = new byte[16];
    for (int i = 0; i < 4; i++) px[4 * i + 3] = (byte) (i % 2 == 0 ? 0 : 255);
    ModelData.Texture half = TextureScaler.scale(new ModelData.Texture(4, 1, px), 2, 1);
    assertEquals(128, half.abgr()[3] & 255);
    assertEquals(128, half.abgr()[7] & 255);
    ModelData.Texture wide = TextureScaler.scale(new ModelData.Texture(2, 1, new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 200}), 4, 1);
    int[] r = new int[4];
    for (int i = 0; i < 4; i++) r[i] = wide.abgr()[4 * i + 3] & 255;
    assertArrayEquals(new int[] {0, 50, 150, 200}, r);
  }
}
