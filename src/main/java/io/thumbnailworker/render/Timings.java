package io.thumbnailworker.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one job's time went, in milliseconds. {@code render} is drawing (and GPU upload), {@code readback} mapping
 * and copying frames out of GL, {@code encodeCpu} the summed time of the per-frame FXAA passes and WebP encodes
 * (they run in parallel with rendering), {@code encodeWait} how long the job waited for encodes after the last frame,
 * {@code mux} assembling and writing the files, {@code total} the wall time of the whole job.
 */
public record Timings(double load, double importChild, double render, double readback, double encodeCpu,
                      double encodeWait, double mux, double total) {
  /** Reply shape {load, render, encode} plus the finer stages. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("load", r(load));
    m.put("render", r(render + readback));
    m.put("encode", r(encodeWait + mux));
    m.put("readback", r(readback));
    m.put("encodeCpu", r(encodeCpu));
    m.put("mux", r(mux));
    m.put("total", r(total));
    m.put("importChild", r(importChild));
    return m;
  }

  private static double r(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
