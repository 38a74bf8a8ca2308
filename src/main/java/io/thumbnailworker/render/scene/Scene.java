package io.thumbnailworker.render.scene;

import io.thumbnailworker.render.RenderResult;

import java.io.IOException;

/**
 * What a render thread draws for a job, from its inputs to the files written. A render thread creates its scene once
 * its GL context is current, runs every job it takes through it, and closes it before the context goes. Each
 * {@link io.thumbnailworker.bus.SceneKind} is one implementation ({@link ModelOrbitScene} for models), and
 * {@link Scenes} hands each job to the scene of its kind.
 */
public interface Scene extends AutoCloseable {
  /**
   * Draws a throw-away picture, so that what the first job would wait for (shader compiles) happens at start-up. A
   * failure here is logged, not fatal: the first job reports it with its own context.
   */
  default void warmUp() {}

  /**
   * Renders one job on the calling (GL) thread and writes its outputs.
   * @throws io.thumbnailworker.render.RenderException with a code and a readable message when the job fails
   */
  RenderResult render(SceneJob job) throws IOException;

  /** Deletes the GL objects the scene keeps between jobs; runs on the GL thread. */
  @Override
  void close();
}
