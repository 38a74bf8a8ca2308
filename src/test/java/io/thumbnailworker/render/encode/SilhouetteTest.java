package io.thumbnailworker.render.encode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SilhouetteTest {
  static final int W = 32, BG = 0xf0f0f0;

  /** A 12x12 square of {@code rgb} in the middle of a background frame, alpha as coverage; one half-covered pixel. */
  static int[] frame(int rgb) {
    int[] px = new int[W * W];
    for (int i = 0; i < px.length; i++) {
      int x = i % W, y = i / W;
      px[i] = x >= 10 && x < 22 && y >= 10 && y < 22 ? 0xff000000 | rgb : BG;
    }
    px[16 * W + 22] = 0x80000000 | 0x808080;   // half covered by a mid grey edge: (0xf0 + 0x10) / 2 per channel
    return px;
  }

  @Test
  @DisplayName("a light square on the light background gets a darker ring outside it; its own pixels stay as they were")
  void lightEdgeOutlined() {
    int[] px = frame(0xe8e8e8);
    Silhouette.outline(px, W, W, BG);
    assertEquals(0xffe8e8e8, px[16 * W + 16], "inside unchanged");
    assertEquals(0xffe8e8e8, px[10 * W + 10], "edge pixel unchanged");
    int ring = px[16 * W + 9] & 255, second = px[16 * W + 8] & 255, third = px[16 * W + 7] & 255;
    assertEquals(0xe8 - 80, ring, 1.5, "next to the edge the background is 80 levels below the edge");
    assertEquals(ring, second, "two pixels wide");
    assertTrue(third > ring && third < 0xf0, "the third pixel is softer: " + third);
    assertEquals(0xf0, px[16 * W + 6] & 255, "further out the background is untouched");
    int half = px[16 * W + 22] & 255;
    assertTrue(half < 0x80 && half > 0x40, "a half-covered pixel darkens only its background half: " + half);
    for (int p : px) assertEquals(255, p >>> 24, "every pixel opaque");
  }

  @Test
  @DisplayName("a dark square already stands out: no outline")
  void darkEdgeLeftAlone() {
    int[] px = frame(0x303030);
    Silhouette.outline(px, W, W, BG);
    assertEquals(0xfff0f0f0, px[16 * W + 9]);
    assertEquals(0xff303030, px[16 * W + 10]);
  }

  @Test
  @DisplayName("on a dark background a dark edge gets a lighter ring")
  void darkBackgroundLightens() {
    int[] px = new int[W * W];
    for (int i = 0; i < px.length; i++) px[i] = (i % W) >= 16 ? 0xff202020 : 0x00181818;
    Silhouette.outline(px, W, W, 0x181818);
    assertEquals(0x20 + 80, px[W * 5 + 15] & 255, 1.5, "lighter ring");
  }
}
