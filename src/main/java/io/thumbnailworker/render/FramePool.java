package io.thumbnailworker.render;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Frame arrays handed back once a frame is encoded, for the next frames to be read into. A 256x256 job reads back
 * 24 frames of 256 KiB; allocating each anew made them a quarter of the worker's garbage, and at 300 jobs a minute
 * the collector answered by growing the heap. Arrays of another size (a different resolution) are dropped.
 */
public final class FramePool {
  private final int capacity;
  private final ConcurrentLinkedDeque<int[]> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  public FramePool(int capacity) {
    this.capacity = capacity;
  }

  /** An array of {@code pixels} ints with undefined contents. */
  public int[] take(int pixels) {
    for (int[] a; (a = free.pollFirst()) != null; ) {
      size.decrementAndGet();
      if (a.length == pixels) return a;
    }
    return new int[pixels];
  }

  /** Returns an array nobody uses any more. */
  public void give(int[] frame) {
    if (size.incrementAndGet() <= capacity) free.addFirst(frame);
    else size.decrementAndGet();
  }
}
