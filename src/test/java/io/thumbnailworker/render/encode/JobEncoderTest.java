package io.thumbnailworker.render.encode;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.AnimatedWebp;
import io.thumbnailworker.render.FramePool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.*;

/** The encoding half of a job, on an executor the test runs by hand, so the order of events is fixed. */
class JobEncoderTest {
  static final int SIZE = 32;

  static int[] frame(int argb) {
    int[] px = new int[SIZE * SIZE];
    Arrays.fill(px, 0xfff0f0f0);
    for (int y = 8; y < 24; y++) for (int x = 8; x < 24; x++) px[y * SIZE + x] = argb;
    return px;
  }

  static void runAll(Deque<Runnable> tasks) {
    while (!tasks.isEmpty()) tasks.poll().run();   // completions queue their follow-ups, so until none is left
  }

  @Test
  @DisplayName("a frame array goes back to the pool only once its WebP (and, for the poster frame, its JPEG) is encoded")
  void framesReturnAfterEncoding(@TempDir Path out) throws Exception {
    for (String aa : RenderSettings.ANTIALIASING_METHODS) {
      RenderSettings s = RenderSettings.defaults().withSize(SIZE, SIZE).withOrbit(0, 360, 180).withAntialiasingMethod(aa);
      FramePool pool = new FramePool(4L * 4 * SIZE * SIZE);
      Deque<Runnable> tasks = new ArrayDeque<>();
      JobEncoder encoder = new JobEncoder(tasks::add, pool, s, false);
      int[] poster = frame(0xff336699), other = frame(0xff993366);
      encoder.frame(0, poster);
      encoder.frame(1, other);
      int[] fresh = pool.take(SIZE * SIZE);
      assertNotSame(poster, fresh, aa + ": the poster frame is still waiting for its encoders");
      assertNotSame(other, fresh, aa + ": frame 1 is still waiting for its encoder");
      if (!aa.equals("fxaa")) {   // queued in order: frame 0's WebP, its JPEG, frame 1's WebP
        tasks.poll().run();
        assertNotSame(poster, pool.take(SIZE * SIZE), aa + ": the poster frame waits for its JPEG too");
      }
      runAll(tasks);
      int[] first = pool.take(SIZE * SIZE), second = pool.take(SIZE * SIZE);
      assertTrue((first == poster && second == other) || (first == other && second == poster), aa + ": both frames came back");
      JobEncoder.Written w = encoder.finish(out.resolve(aa + ".webp"), out.resolve(aa + ".jpg"));
      AnimatedWebp anim = AnimatedWebp.read(out.resolve(aa + ".webp"));
      assertEquals(2, anim.frames.size());
      assertTrue(w.posterBytes() > 0);
      assertTrue(AnimatedWebp.meanDiff(anim.frames.get(0), anim.frames.get(1)) > 3, aa + ": the two frames kept their own pixels");
    }
  }

  @Test
  @DisplayName("arrays of another size are not handed out, and the pool keeps no more bytes than its budget")
  void poolBounds() {
    FramePool pool = new FramePool(16);   // bytes: one array of 4 ints
    int[] small = new int[4], other = new int[4];
    pool.give(small);
    pool.give(other);   // over the budget: dropped
    assertEquals(16, pool.take(16).length, "a wrong-sized array is not returned");
    pool.give(small);
    assertSame(small, pool.take(4));
    assertNotSame(other, pool.take(4));
  }
}
