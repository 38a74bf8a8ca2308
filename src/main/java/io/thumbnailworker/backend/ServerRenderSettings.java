package io.thumbnailworker.backend;

import io.thumbnailworker.bus.RenderSettings;

/**
 * The thumbnail settings a backend keeps for all workers: a {@code size} × {@code size} image of {@code frameCount}
 * frames over a full turn, or one frame when not {@code animated}. They replace the local size and orbit keys.
 */
public record ServerRenderSettings(int size, int frameCount, boolean animated) {
  public ServerRenderSettings {
    if (size < 16 || size > 4096) throw new IllegalArgumentException("size " + size + " is outside 16..4096");
    if (frameCount < 1 || frameCount > 360) throw new IllegalArgumentException("frameCount " + frameCount + " is outside 1..360");
  }

  /** {@code local} at this size, with {@code frameCount} frames from its start angle around a full turn, or one frame. */
  public RenderSettings applyTo(RenderSettings local) {
    RenderSettings sized = local.withSize(size, size);
    if (!animated || frameCount == 1) return RenderSettings.fromJson(sized.toJson().put("orbitEnabled", false));
    double start = local.startAngle();
    return sized.withOrbit(start, start + 360, 360.0 / frameCount);
  }
}
