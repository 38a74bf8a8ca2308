package io.thumbnailworker.render.scene;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.Framing;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.ThreeQuarterView;
import io.thumbnailworker.render.Timings;
import io.thumbnailworker.render.assimp.ImportOptions;
import io.thumbnailworker.render.encode.JobEncoder;
import io.thumbnailworker.render.gl.OrbitRenderer;
import io.thumbnailworker.render.importer.ImportRequest;
import io.thumbnailworker.render.importer.ImportedModel;
import io.thumbnailworker.render.importer.Importer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The orbit animation of one model: import (through the render thread's importer), limits and framing, the frames
 * drawn by {@link OrbitRenderer} and handed to a {@link JobEncoder} as they are read back, then the animated WebP
 * and the poster (JPEG or PNG) written, with the time each stage took. The job's texture-set materials travel with
 * its import request and are applied where the model is read.
 */
public final class ModelOrbitScene implements Scene {
  private static final Logger LOG = LoggerFactory.getLogger(ModelOrbitScene.class);

  private final Importer importer;
  private final Executor encoders;
  private final FramePool frames;
  private final boolean levelOfDetail;
  private final OrbitRenderer renderer;

  /**
   * Call on the GL thread, with its context current: the renderer compiles its first shader here.
   * @param levelOfDetail simplify meshes above the draw budget ({@link ImportRequest#drawBudget}); false draws
   *                      every triangle
   */
  public ModelOrbitScene(Importer importer, Executor encoders, FramePool frames, boolean levelOfDetail) {
    this.importer = importer;
    this.encoders = encoders;
    this.frames = frames;
    this.levelOfDetail = levelOfDetail;
    this.renderer = new OrbitRenderer(frames);
  }

  /** The model job parameter that asks for the file's scene facts with the render ({@code RenderResult#sceneFacts}). */
  public static final String SCENE_FACTS = "sceneFacts";

  /** What to import for a job: its file, its limits, and the draw budget of its frame size unless detail is kept. */
  public static ImportRequest importRequest(RenderJob job, boolean levelOfDetail) {
    RenderSettings s = job.settings();
    long budget = levelOfDetail ? ImportRequest.drawBudget(s.width(), s.height()) : Long.MAX_VALUE;
    return new ImportRequest(job.modelPath(), job.fileType(), s.maxPolygons(), budget, s.importTimeoutMs(),
        job.deadlineEpochMs(), job.materials(), new ImportOptions(s.upAxis(), s.creaseAngle(),
        job.preview().getBoolean(SCENE_FACTS, false)));
  }

  @Override
  public void warmUp() {
    renderer.warmUp();
  }

  @Override
  public RenderResult render(SceneJob sceneJob) throws IOException {
    RenderJob job = sceneJob.job();
    RenderSettings s = job.settings();
    long t0 = System.nanoTime();
    sceneJob.check(0, s.frameCount());
    ImportedModel imported = sceneJob.modelImport(importer, importRequest(job, levelOfDetail)).await(sceneJob::stopRequested);
    ModelData model = imported.model();
    if (model.sourceTriangles() > s.maxPolygons()) {
      throw new RenderException(RenderException.BAD_MODEL, String.format(Locale.ROOT,
          "model has %,d triangles, above MAX_POLYGON_COUNT %,d", model.sourceTriangles(), s.maxPolygons()));
    }
    RenderSettings drawn = ThreeQuarterView.apply(model, s);
    Framing framing = Framing.compute(model, drawn);
    for (String w : model.warnings()) LOG.warn("Job {}: {}", job.jobId(), w);
    long t1 = System.nanoTime();
    Path webp = job.webpPath();
    Path poster = job.posterPath();
    OrbitRenderer.Stats stats = new OrbitRenderer.Stats();
    JobEncoder.Written written = drawAndWrite(sceneJob, model, framing, drawn, stats, webp, poster);
    Timings timings = new Timings((t1 - t0) / 1e6, imported.importMs(), stats.drawNanos / 1e6, stats.readbackNanos / 1e6,
        written.cpuMs(), written.waitMs(), written.muxMs(), (System.nanoTime() - t0) / 1e6);
    LOG.debug("Job {}: {} rendered, {} triangles, {} frames, {}", job.jobId(), job.modelPath().getFileName(),
        model.triangleCount(), s.frameCount(), timings);
    return new RenderResult(job.jobId(), webp, poster, s.width(), s.height(), s.frameCount(), model.sourceTriangles(),
        written.webpBytes(), written.posterBytes(), timings, model.warnings(), imported.sceneFacts());
  }

  /** Draws every frame, encoding each as it is read back, and writes the two files; nothing is left half-done. */
  private JobEncoder.Written drawAndWrite(SceneJob sceneJob, ModelData model, Framing framing, RenderSettings s,
                                          OrbitRenderer.Stats stats, Path webp, Path poster) throws IOException {
    RenderJob job = sceneJob.job();
    return JobEncoder.drawAndWrite(encoders, frames, s, job.pngPoster(), webp, poster,
        encoder -> renderer.render(model, framing, s, job.textures(), encoder::frame, sceneJob::check, stats));
  }

  @Override
  public void close() {
    renderer.close();
  }
}
