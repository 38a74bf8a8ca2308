package io.thumbnailworker.render.encode;

/**
 * Post-process anti-aliasing of a read-back frame on the CPU: FXAA 3.11's "quality" algorithm (Timothy Lottes),
 * ported to packed 0xAARRGGBB pixels. The frame is drawn once per pixel, so on llvmpipe this replaces 2x2
 * supersampling, which shades every pixel four times. It runs here rather than as a GL pass because llvmpipe runs a
 * full-screen pass with an edge search slowly (every SIMD lane walks every step), while this skips flat pixels after
 * five loads and runs on the encoder pool, beside the GL thread.
 *
 * <p>Per pixel: the luma contrast against the four neighbours decides whether it is on an edge; the edge's direction
 * comes from the 3x3 second derivatives; a search along the edge (up to 12 steps, growing) finds where it ends, and
 * the pixel is blended towards its neighbour across the edge by how far it lies from the nearer end. A sub-pixel term
 * blends single-pixel features too. Luma is taken from the sRGB-encoded colour, as FXAA expects; alpha is blended with
 * the colour, so transparent backgrounds keep soft edges.
 */
public final class Fxaa {
  /** Luma is kept as a fixed-point int (this is 1.0): the scan over flat pixels is then integer compares only. */
  private static final int ONE = 255 << 8;
  private static final float TO_FLOAT = 1f / ONE;
  private static final int EDGE_MIN = Math.round(0.0312f * ONE);   // darkest contrast that counts as an edge
  private static final int EDGE_MAX_SHIFT = 3;                      // contrast needed: 1/8 of the local maximum luma
  private static final float SUBPIXEL = 0.75f;     // strength of the sub-pixel blend
  private static final float[] STEPS = {1, 1, 1, 1.5f, 2, 2, 2, 2, 4, 8};

  /** Per encoder thread: luma of the frame and two rows of original pixels, so filtering allocates nothing. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Fxaa() {}

  private static final class Scratch {
    int[] luma = new int[0], previous = new int[0], current = new int[0];

    /** Exactly this size: after one large frame, a thread does not keep its 16 MiB for the smaller ones that follow. */
    void fit(int w, int h) {
      if (luma.length != w * h) luma = new int[w * h];
      if (previous.length != w) {
        previous = new int[w];
        current = new int[w];
      }
    }
  }

  /**
   * Filters {@code argb} ({@code w*h} pixels, rows in order) in place. Blends read the unfiltered colours: the row
   * being written and the one above are kept as they were in two row buffers.
   */
  public static void filter(int[] argb, int w, int h) {
    Scratch scratch = SCRATCH.get();
    scratch.fit(w, h);
    int[] luma = scratch.luma;
    for (int i = 0; i < w * h; i++) {
      int c = argb[i];   // Rec. 601 weights in 16-bit fixed point
      luma[i] = (((c >> 16) & 255) * 19595 + ((c >> 8) & 255) * 38470 + (c & 255) * 7471) >>> 8;
    }
    int[] previous = scratch.previous, current = scratch.current;
    for (int y = 0; y < h; y++) {
      System.arraycopy(argb, y * w, current, 0, w);
      int yn = Math.max(y - 1, 0), ys = Math.min(y + 1, h - 1);
      for (int x = 0; x < w; x++) {
        int xw = Math.max(x - 1, 0), xe = Math.min(x + 1, w - 1);
        int lC = luma[y * w + x];
        int lN = luma[yn * w + x], lS = luma[ys * w + x], lW = luma[y * w + xw], lE = luma[y * w + xe];
        int lMax = Math.max(lC, Math.max(Math.max(lN, lS), Math.max(lW, lE)));
        int lMin = Math.min(lC, Math.min(Math.min(lN, lS), Math.min(lW, lE)));
        int range = lMax - lMin;
        if (range < Math.max(EDGE_MIN, lMax >> EDGE_MAX_SHIFT)) continue;
        argb[y * w + x] = filterPixel(argb, previous, current, luma, w, h, x, y, lC * TO_FLOAT, lN * TO_FLOAT,
            lS * TO_FLOAT, lW * TO_FLOAT, lE * TO_FLOAT, range * TO_FLOAT);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
  }

  private static int filterPixel(int[] argb, int[] previous, int[] current, int[] luma, int w, int h, int x, int y,
                                 float lC, float lN, float lS, float lW, float lE, float range) {
    int yn = Math.max(y - 1, 0), ys = Math.min(y + 1, h - 1);
    int xw = Math.max(x - 1, 0), xe = Math.min(x + 1, w - 1);
    float lNW = luma[yn * w + xw] * TO_FLOAT, lNE = luma[yn * w + xe] * TO_FLOAT;
    float lSW = luma[ys * w + xw] * TO_FLOAT, lSE = luma[ys * w + xe] * TO_FLOAT;
    float lNS = lN + lS, lWE = lW + lE;
    float westCorners = lNW + lSW, eastCorners = lNE + lSE, northCorners = lNW + lNE, southCorners = lSW + lSE;
    // a horizontal edge changes along y: compare the second derivatives across rows and across columns
    float edgeH = Math.abs(-2 * lW + westCorners) + 2 * Math.abs(-2 * lC + lNS) + Math.abs(-2 * lE + eastCorners);
    float edgeV = Math.abs(-2 * lN + northCorners) + 2 * Math.abs(-2 * lC + lWE) + Math.abs(-2 * lS + southCorners);
    boolean horizontal = edgeH >= edgeV;

    float l1 = horizontal ? lN : lW, l2 = horizontal ? lS : lE;
    float g1 = l1 - lC, g2 = l2 - lC;
    boolean steeper1 = Math.abs(g1) >= Math.abs(g2);
    float gradientScaled = 0.25f * Math.max(Math.abs(g1), Math.abs(g2));
    int across = steeper1 ? -1 : 1;   // towards the neighbour on the other side of the edge
    float localAverage = 0.5f * ((steeper1 ? l1 : l2) + lC);

    int along = horizontal ? x : y;
    int row0 = horizontal ? y : x;
    int row1 = Math.max(0, Math.min(row0 + across, (horizontal ? h : w) - 1));
    float offset = edgeOffset(luma, w, horizontal, row0, row1, along, (horizontal ? w : h) - 1, localAverage,
        gradientScaled, lC < localAverage);

    float average = (2 * (lNS + lWE) + westCorners + eastCorners) * (1f / 12f);
    float sub1 = Math.min(1f, Math.abs(average - lC) / range);
    float sub2 = (-2 * sub1 + 3) * sub1 * sub1;
    offset = Math.max(offset, sub2 * sub2 * SUBPIXEL);

    // the unfiltered colour across the edge: row y is in current, row y-1 in previous, row y+1 not written yet
    int across1 = !horizontal ? current[row1] : row1 == y ? current[x] : row1 < y ? previous[x] : argb[row1 * w + x];
    return lerp(current[x], across1, offset);
  }

  /**
   * Walks along the edge, half a pixel across it, until the luma leaves the edge's average on both sides; the pixel
   * is blended by how far it lies from the nearer end, and only on the side of the edge where the luma at that end
   * says it belongs (0 otherwise).
   */
  private static float edgeOffset(int[] luma, int w, boolean horizontal, int row0, int row1, int along, int alongMax,
                                  float localAverage, float gradientScaled, boolean centerDarker) {
    float p1 = along - 1, p2 = along + 1;
    float end1 = edgeLuma(luma, w, horizontal, row0, row1, p1, alongMax) - localAverage;
    float end2 = edgeLuma(luma, w, horizontal, row0, row1, p2, alongMax) - localAverage;
    boolean reached1 = Math.abs(end1) >= gradientScaled, reached2 = Math.abs(end2) >= gradientScaled;
    if (!reached1) p1 -= 1;
    if (!reached2) p2 += 1;
    for (int i = 0; i < STEPS.length && !(reached1 && reached2); i++) {
      if (!reached1) {
        end1 = edgeLuma(luma, w, horizontal, row0, row1, p1, alongMax) - localAverage;
        reached1 = Math.abs(end1) >= gradientScaled;
      }
      if (!reached2) {
        end2 = edgeLuma(luma, w, horizontal, row0, row1, p2, alongMax) - localAverage;
        reached2 = Math.abs(end2) >= gradientScaled;
      }
      if (!reached1) p1 -= STEPS[i];
      if (!reached2) p2 += STEPS[i];
    }
    float d1 = along - p1, d2 = p2 - along;
    boolean nearer1 = d1 < d2;
    float pixelOffset = 0.5f - Math.min(d1, d2) / (d1 + d2);
    boolean correctVariation = ((nearer1 ? end1 : end2) < 0) != centerDarker;
    return correctVariation ? pixelOffset : 0;
  }

  /** Luma half-way between rows (or columns) {@code row0} and {@code row1}, at a fractional position along them. */
  private static float edgeLuma(int[] luma, int w, boolean horizontal, int row0, int row1, float pos, int alongMax) {
    float p = Math.max(0, Math.min(pos, alongMax));
    int a = (int) p;
    int b = Math.min(a + 1, alongMax);
    float t = p - a;
    float va = at(luma, w, horizontal, row0, a) + at(luma, w, horizontal, row1, a);
    float vb = at(luma, w, horizontal, row0, b) + at(luma, w, horizontal, row1, b);
    return 0.5f * TO_FLOAT * (va + (vb - va) * t);
  }

  private static float at(int[] luma, int w, boolean horizontal, int row, int along) {
    return horizontal ? luma[row * w + along] : luma[along * w + row];
  }

  private static int lerp(int c0, int c1, float t) {
    int r = 0;
    for (int shift = 0; shift < 32; shift += 8) {
      int a = (c0 >>> shift) & 255, b = (c1 >>> shift) & 255;
      r |= Math.round(a + (b - a) * t) << shift;
    }
    return r;
  }
}
