package io.thumbnailworker.bus;

import java.util.Arrays;
import java.util.List;

/**
 * What a render job draws, by its wire name on {@code thumbnail.render}: a model's orbit, a texture set's swing on a
 * preview shape, or an environment map around a chrome sphere. Each kind is one scene on the render thread.
 */
public enum SceneKind {
  MODEL("model"), TEXTURE_SET("textureSet"), ENVIRONMENT_MAP("environmentMap");

  public final String wireName;

  SceneKind(String wireName) {
    this.wireName = wireName;
  }

  /** @throws IllegalArgumentException naming the accepted names; null is {@link #MODEL} */
  public static SceneKind of(String wireName) {
    if (wireName == null) return MODEL;
    for (SceneKind k : values()) if (k.wireName.equals(wireName)) return k;
    throw new IllegalArgumentException("kind '" + wireName + "' is not one of " + wireNames());
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(k -> k.wireName).toList();
  }
}
