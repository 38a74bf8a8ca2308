package io.thumbnailworker.render.assimp;

import io.thumbnailworker.config.ConfigKey;

import java.util.List;

/**
 * How a model's geometry is read: which axis is up ({@code auto}: by format, see {@link UpAxis}; {@code y} or
 * {@code z}: the file's own axis, whatever the format says) and the crease angle of the normals made for meshes that
 * have none (faces meeting at a sharper angle keep a hard edge).
 */
public record ImportOptions(String upAxis, double creaseAngle) {
  public static final List<String> UP_AXES = ConfigKey.UP_AXIS.choices();
  public static final ImportOptions DEFAULT = new ImportOptions(ConfigKey.UP_AXIS.defaultValue(),
      Double.parseDouble(ConfigKey.CREASE_ANGLE.defaultValue()));

  public ImportOptions {
    if (!UP_AXES.contains(upAxis)) throw new IllegalArgumentException("up axis '" + upAxis + "' is not one of " + UP_AXES);
    if (!(creaseAngle >= 0 && creaseAngle <= 180)) throw new IllegalArgumentException("crease angle " + creaseAngle + " is outside 0..180");
  }
}
