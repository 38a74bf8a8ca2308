package io.thumbnailworker.render;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frame arrays handed back once a frame is encoded, for the next frames to be read into. A 256x256 job reads back
 * 24 frames of 256 KiB; allocated anew they are a large share of the worker's garbage, which the collector answers
 * by growing the heap. The pool keeps at most a byte budget (so a 2048x2048 setting, 16 MiB a
 * frame, cannot pin hundreds of megabytes); arrays of another size (after a resolution change) are dropped.
 */
public final class FramePool {
  private final long budgetBytes;
  private final ConcurrentLinkedDeque<int[]> free = new ConcurrentLinkedDeque<>();
  private final AtomicLong kept = new AtomicLong();

  public FramePool(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** An array of {@code pixels} ints with undefined contents. */
  public int[] take(int pixels) {
    for (int[] a; (a = free.pollFirst()) != null; ) {
      kept.addAndGet(-4L * a.length);
      if (a.length == pixels) return a;
    }
    return new int[pixels];
  }

  /** Returns an array nobody uses any more. */
  public void give(int[] frame) {
    long bytes = 4L * frame.length;
    if (kept.addAndGet(bytes) <= budgetBytes) free.addFirst(frame);
    else kept.addAndGet(-bytes);
  }
}
