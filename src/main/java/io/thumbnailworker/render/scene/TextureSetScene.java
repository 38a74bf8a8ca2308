package io.thumbnailworker.render.scene;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.TextureSetPreview;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.Timings;
import io.thumbnailworker.render.encode.JobEncoder;
import io.thumbnailworker.render.gl.OrbitRenderer;
import io.thumbnailworker.render.gl.SwingRenderer;
import io.thumbnailworker.render.material.TextureSetImages;
import io.thumbnailworker.render.material.TextureSetMaterial;
import io.thumbnailworker.render.shapes.PreviewShapes;
import io.thumbnailworker.render.shapes.Swing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A texture set's preview (modelibr-assets §1.3): its images decoded, its material built by
 * {@link TextureSetMaterial} (the same rules as a set on a model's meshes, images placed as the browser flips them),
 * put on the job's preview shape ({@link PreviewShapes}) and drawn through the 28-frame {@link Swing}, 200 ms a
 * frame, then the animated WebP and the poster of frame 0 written. The frame size, background and anti-aliasing are
 * the job's; the frame count, timing and poster frame are the preview's own. An image that cannot be decoded fails
 * the job with the reason: a preview without one of its maps would show a different material.
 *
 * <p>The images are decoded in this process ({@link TextureSetImages}: pure-Java decoders with size limits checked
 * before decoding), as the render thread has no model import to do them in.
 */
public final class TextureSetScene implements Scene {
  private static final Logger LOG = LoggerFactory.getLogger(TextureSetScene.class);

  private final Executor encoders;
  private final FramePool frames;
  private final SwingRenderer renderer;

  /** Call on the GL thread, with its context current. */
  public TextureSetScene(Executor encoders, FramePool frames) {
    this.encoders = encoders;
    this.frames = frames;
    this.renderer = new SwingRenderer(frames);
  }

  /** The job's settings with the swing's 28 frames at 5 a second and frame 0 as the poster. */
  public static RenderSettings swingSettings(RenderSettings s) {
    return RenderSettings.fromJson(s.toJson().put("orbitEnabled", true).put("startAngle", 0.0)
        .put("endAngle", (double) Swing.FRAMES).put("angleStep", 1.0).put("framerate", 1000 / Swing.FRAME_MS)
        .put("posterFrame", 0));
  }

  @Override
  public RenderResult render(SceneJob sceneJob) throws IOException {
    RenderJob job = sceneJob.job();
    RenderSettings s = swingSettings(job.settings());
    long t0 = System.nanoTime();
    sceneJob.check(0, s.frameCount());
    TextureSetPreview preview;
    try {
      preview = TextureSetPreview.fromJson(job.preview());
    } catch (RuntimeException e) {
      throw new RenderException(RenderException.BAD_MODEL, "the texture set's parameters are malformed: " + e.getMessage());
    }
    ModelData model = model(preview);
    long t1 = System.nanoTime();
    OrbitRenderer.Stats stats = new OrbitRenderer.Stats();
    JobEncoder.Written written = JobEncoder.drawAndWrite(encoders, frames, s, job.pngPoster(), job.webpPath(),
        job.posterPath(), encoder -> renderer.render(model, s, Swing.distance(preview.geometry()),
            i -> Swing.pose(preview.geometry(), i), encoder::frame, sceneJob::check, stats));
    Timings timings = new Timings((t1 - t0) / 1e6, 0, stats.drawNanos / 1e6, stats.readbackNanos / 1e6, written.cpuMs(),
        written.waitMs(), written.muxMs(), (System.nanoTime() - t0) / 1e6);
    LOG.debug("Job {}: texture set on a {} rendered, {}", job.jobId(), PreviewShapes.normalise(preview.geometry()), timings);
    return new RenderResult(job.jobId(), job.webpPath(), job.posterPath(), s.width(), s.height(), s.frameCount(),
        model.triangleCount(), written.webpBytes(), written.posterBytes(), timings, model.warnings());
  }

  /** The preview shape with the set's material; fails when any image cannot be decoded. */
  static ModelData model(TextureSetPreview preview) {
    List<String> warnings = new ArrayList<>();
    TextureSetImages images = new TextureSetImages(List.of(), warnings);
    ModelData.Material material = TextureSetMaterial.build(preview.maps(), preview.uvScale(), true, images);
    if (!warnings.isEmpty()) {
      // the preview is of the whole set: an image it cannot show fails it, rather than leaving the maps out as a model does
      throw new RenderException(RenderException.BAD_MODEL, warnings.get(0).replace("; the maps it holds are left out", ""));
    }
    ModelData.Mesh mesh = PreviewShapes.mesh(preview.geometry());
    return new ModelData(List.of(mesh), List.of(material), images.textures(), warnings, mesh.triangleCount());
  }

  @Override
  public void close() {
    renderer.close();
  }
}
