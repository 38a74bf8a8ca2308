package io.thumbnailworker.jobs;

import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;

/** The jobs this node runs right now; one entry per taken slot. Used only from the owning verticle's context. */
final class Slots {
  record Slot(long jobId, JobControl control, Future<JobRunner.Outcome> future) {}

  private final Map<Long, Slot> slots = new LinkedHashMap<>();

  Map<Long, Slot> take(long jobId, JobControl control, Future<JobRunner.Outcome> future) {
    slots.put(jobId, new Slot(jobId, control, future));
    return slots;
  }

  Slot get(long jobId) { return slots.get(jobId); }

  /** Frees the slot; returns how many stay taken. */
  int release(long jobId) {
    slots.remove(jobId);
    return slots.size();
  }

  int active() { return slots.size(); }

  Map<Long, Slot> snapshot() { return Map.copyOf(slots); }
}
