package io.thumbnailworker.render.scene;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.Timings;
import io.thumbnailworker.render.encode.JobEncoder;
import io.thumbnailworker.render.envmap.Panorama;
import io.thumbnailworker.render.envmap.PanoramaException;
import io.thumbnailworker.render.envmap.PanoramaReader;
import io.thumbnailworker.render.gl.EnvironmentRenderer;
import io.thumbnailworker.render.gl.OrbitRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * An environment map's preview (modelibr-assets §2.2): the job's {@code modelPath} is the panorama file or the folder
 * of six cube faces; it is decoded here, on the render thread ({@link PanoramaReader}, reduced to what the frame
 * size can show), drawn by {@link EnvironmentRenderer} as background plus chrome sphere over the job's orbit angles,
 * and encoded into the animated WebP and a poster of the middle frame. The frames are opaque (the panorama is the
 * background) whatever the job's background setting. A file that cannot be decoded fails the job with code 400 and
 * the decoder's reason.
 */
public final class EnvironmentMapScene implements Scene {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentMapScene.class);

  private final Executor encoders;
  private final FramePool frames;
  private final EnvironmentRenderer renderer;

  /** Call on the GL thread, with its context current. */
  public EnvironmentMapScene(Executor encoders, FramePool frames) {
    this.encoders = encoders;
    this.frames = frames;
    this.renderer = new EnvironmentRenderer(frames);
  }

  /** The job's settings as this scene draws them: opaque, the poster the middle frame ⌊N/2⌋. */
  public static RenderSettings settingsFor(RenderSettings s) {
    return RenderSettings.fromJson(s.toJson().put("posterFrame", s.frameCount() / 2)
        .put("background", s.transparent() ? "#000000" : s.background()));
  }

  /** How many pixels across the panorama is decoded at: eight times the frame, 1024 to 4096. */
  public static int decodeWidth(RenderSettings s) {
    return Math.max(1024, Math.min(4096, 8 * Math.max(s.width(), s.height())));
  }

  @Override
  public RenderResult render(SceneJob sceneJob) throws IOException {
    RenderJob job = sceneJob.job();
    RenderSettings s = settingsFor(job.settings());
    long t0 = System.nanoTime();
    sceneJob.check(0, s.frameCount());
    Panorama panorama;
    try {
      panorama = PanoramaReader.read(job.modelPath(), decodeWidth(s));
    } catch (PanoramaException e) {
      throw new RenderException(RenderException.BAD_MODEL, e.getMessage());
    }
    long t1 = System.nanoTime();
    LOG.debug("Job {}: {} {} decoded, {}x{} reduced to {}x{}", job.jobId(), job.modelPath().getFileName(),
        panorama.projection(), panorama.sourceWidth(), panorama.sourceHeight(), panorama.width(), panorama.height());
    OrbitRenderer.Stats stats = new OrbitRenderer.Stats();
    JobEncoder.Written written = JobEncoder.drawAndWrite(encoders, frames, s, job.pngPoster(), job.webpPath(),
        job.posterPath(), encoder -> renderer.render(panorama, s, encoder::frame, sceneJob::check, stats));
    Timings timings = new Timings((t1 - t0) / 1e6, 0, stats.drawNanos / 1e6, stats.readbackNanos / 1e6, written.cpuMs(),
        written.waitMs(), written.muxMs(), (System.nanoTime() - t0) / 1e6);
    return new RenderResult(job.jobId(), job.webpPath(), job.posterPath(), s.width(), s.height(), s.frameCount(), 0,
        written.webpBytes(), written.posterBytes(), timings, List.of());
  }

  @Override
  public void close() {
    renderer.close();
  }
}
