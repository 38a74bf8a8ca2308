package io.thumbnailworker.render.scene;

import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderResult;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The scenes of one render thread, one per {@link SceneKind}, each created on the GL thread the first time a job of
 * its kind arrives (so a worker that only renders models never compiles the other kinds' shaders) and closed with the
 * thread. Only the model scene is warmed up at start: it is the kind nearly every job is.
 */
public final class Scenes implements Scene {
  private final Map<SceneKind, Supplier<Scene>> factories;
  private final Map<SceneKind, Scene> created = new EnumMap<>(SceneKind.class);

  public Scenes(Map<SceneKind, Supplier<Scene>> factories) {
    this.factories = new EnumMap<>(factories);
  }

  @Override
  public void warmUp() {
    if (factories.containsKey(SceneKind.MODEL)) scene(SceneKind.MODEL).warmUp();
  }

  @Override
  public RenderResult render(SceneJob job) throws IOException {
    return scene(job.job().kind()).render(job);
  }

  private Scene scene(SceneKind kind) {
    Scene s = created.get(kind);
    if (s != null) return s;
    Supplier<Scene> factory = factories.get(kind);
    if (factory == null) {
      throw new RenderException(RenderException.INTERNAL, "this render engine cannot draw " + kind.wireName + " previews");
    }
    s = factory.get();
    created.put(kind, s);
    return s;
  }

  @Override
  public void close() {
    created.values().forEach(Scene::close);
    created.clear();
  }
}
