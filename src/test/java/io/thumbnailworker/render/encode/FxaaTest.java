package io.thumbnailworker.render.encode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** FXAA on synthetic frames whose exact anti-aliased values are known: the area each pixel has inside a shape. */
class FxaaTest {
  static final int N = 96;

  /** A dark disc (radius 30) on a light background, aliased (pixel centres) and exact (16x16 coverage per pixel). */
  static int[][] disc(int background, int foreground) {
    int[] aliased = new int[N * N], exact = new int[N * N];
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N; x++) {
        aliased[y * N + x] = inside(x + 0.5, y + 0.5) ? foreground : background;
        int hits = 0;
        for (int sy = 0; sy < 16; sy++) for (int sx = 0; sx < 16; sx++) if (inside(x + (sx + 0.5) / 16, y + (sy + 0.5) / 16)) hits++;
        exact[y * N + x] = mix(background, foreground, hits / 256.0);
      }
    }
    return new int[][] {aliased, exact};
  }

  static boolean inside(double x, double y) {
    double dx = x - 48.3, dy = y - 47.6;
    return dx * dx + dy * dy < 30 * 30;
  }

  static int mix(int a, int b, double t) {
    int r = 0;
    for (int s = 0; s < 32; s += 8) r |= (int) Math.round(((a >>> s) & 255) * (1 - t) + ((b >>> s) & 255) * t) << s;
    return r;
  }

  /** A filtered copy. */
  static int[] apply(int[] frame) {
    int[] copy = frame.clone();
    Fxaa.filter(copy, N, N);
    return copy;
  }

  /** RMS error of one channel (shift 0 = blue, 24 = alpha) over the pixels the shape's edge crosses. */
  static double edgeError(int[] img, int[] exact, int[] aliased, int shift) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < img.length; i++) {
      if (exact[i] == aliased[i]) continue;
      int d = ((img[i] >>> shift) & 255) - ((exact[i] >>> shift) & 255);
      sum += d * d;
      n++;
    }
    assertTrue(n > 100, "the disc has an edge");
    return Math.sqrt(sum / n);
  }

  @Test
  @DisplayName("edges move towards their true coverage: the error on edge pixels falls by more than a third")
  void smoothsEdges() {
    int[][] d = disc(0xfff0f0f0, 0xff202020);
    int[] out = apply(d[0]);
    double before = edgeError(d[0], d[1], d[0], 0), after = edgeError(out, d[1], d[0], 0);
    assertTrue(after < before * 0.66, "edge error " + before + " -> " + after);
    long blended = java.util.Arrays.stream(out).filter(c -> c != 0xfff0f0f0 && c != 0xff202020).count();
    assertTrue(blended > 100, blended + " pixels between the two colours");
  }

  @Test
  @DisplayName("flat areas and low-contrast steps are left exactly as they were")
  void leavesFlatAreas() {
    int[][] d = disc(0xff808080, 0xff838383);   // contrast 3/255: below FXAA's threshold
    assertArrayEquals(d[0], apply(d[0]));
    int[][] strong = disc(0xfff0f0f0, 0xff202020);
    int[] out = apply(strong[0]);
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N; x++) {
        double r = Math.hypot(x + 0.5 - 48.3, y + 0.5 - 47.6);
        if (Math.abs(r - 30) > 3) assertEquals(strong[0][y * N + x], out[y * N + x], "pixel " + x + "," + y + " far from the edge");
      }
    }
  }

  @Test
  @DisplayName("alpha is filtered with the colour, so an object on a transparent background gets soft edges")
  void filtersAlpha() {
    int[][] d = disc(0x00000000, 0xffd0a040);
    int[] out = apply(d[0]);
    assertTrue(edgeError(out, d[1], d[0], 24) < edgeError(d[0], d[1], d[0], 24) * 0.66, "alpha edge error falls");
  }

  @Test
  @DisplayName("frames of any size, down to a single pixel, and at the borders")
  void sizes() {
    int[] one = {0xff123456};
    Fxaa.filter(one, 1, 1);
    assertArrayEquals(new int[] {0xff123456}, one);
    int[] stripe = new int[7 * 3];
    for (int i = 0; i < stripe.length; i++) stripe[i] = i % 7 < 3 ? 0xff000000 : 0xffffffff;
    Fxaa.filter(stripe, 7, 3);
    Fxaa.filter(new int[96 * 96], 96, 96);   // a larger frame after a smaller one on the same thread
  }
}
