package io.thumbnailworker.render;

import io.vertx.core.json.JsonObject;

/**
 * Where one job's time went, in milliseconds. {@code render} is drawing (and GPU upload), {@code readback} mapping
 * and copying frames out of GL, {@code encodeCpu} the summed time of the per-frame FXAA passes and WebP encodes
 * (they run in parallel with rendering), {@code encodeWait} how long the job waited for encodes after the last frame,
 * {@code mux} assembling and writing the files, {@code total} the wall time of the whole job.
 */
public record Timings(double load, double importChild, double render, double readback, double encodeCpu,
                      double encodeWait, double mux, double total) {
  /** Reply shape {load, render, encode} plus the finer stages. */
  public JsonObject toJson() {
    return new JsonObject().put("load", r(load)).put("render", r(render + readback)).put("encode", r(encodeWait + mux))
        .put("readback", r(readback)).put("encodeCpu", r(encodeCpu)).put("mux", r(mux)).put("total", r(total))
        .put("importChild", r(importChild));
  }

  private static double r(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
