package io.thumbnailworker.render.assimp;

import io.thumbnailworker.config.ConfigKey;

import java.util.List;

/**
 * How a model's geometry is read: which axis is up ({@code auto}: by format, see {@link UpAxis}; {@code y} or
 * {@code z}: the file's own axis, whatever the format says) and the crease angle of the normals made for meshes that
 * have none (faces meeting at a sharper angle keep a hard edge). {@code sceneFacts}: also take the file's
 * {@link SceneFacts} (a second pass over the raw scene), only when someone will read them.
 */
public record ImportOptions(String upAxis, double creaseAngle, boolean sceneFacts) {
  public static final List<String> UP_AXES = ConfigKey.UP_AXIS.choices();
  public static final ImportOptions DEFAULT = new ImportOptions(ConfigKey.UP_AXIS.defaultValue(),
      Double.parseDouble(ConfigKey.CREASE_ANGLE.defaultValue()));

  /** Options without scene facts. */
  public ImportOptions(String upAxis, double creaseAngle) {
    this(upAxis, creaseAngle, false);
  }

  public ImportOptions {
    if (!UP_AXES.contains(upAxis)) throw new IllegalArgumentException("up axis '" + upAxis + "' is not one of " + UP_AXES);
    if (!(creaseAngle >= 0 && creaseAngle <= 180)) throw new IllegalArgumentException("crease angle " + creaseAngle + " is outside 0..180");
  }

  /** The same options, taking the scene facts too. */
  public ImportOptions withSceneFacts() {
    return new ImportOptions(upAxis, creaseAngle, true);
  }
}
