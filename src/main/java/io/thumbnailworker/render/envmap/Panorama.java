package io.thumbnailworker.render.envmap;

import java.util.List;

/**
 * A decoded environment map in linear RGB floats (three per pixel, rows top-down): one equirectangular image, or six
 * square cube faces in the order +x, −x, +y, −y, +z, −z. {@code highDynamicRange} says the source held values above
 * 1 (Radiance or OpenEXR) rather than 8-bit sRGB; {@code sourceWidth} and {@code sourceHeight} are the first image's
 * size before it was reduced for the render.
 */
public record Panorama(Projection projection, int width, int height, List<float[]> images, boolean highDynamicRange,
                       int sourceWidth, int sourceHeight) {
  public enum Projection { EQUIRECTANGULAR, CUBE }

  /** The cube faces by file name stem, in the order above (Modelibr's Px=1 … Nz=6). */
  public static final List<String> FACES = List.of("px", "nx", "py", "ny", "pz", "nz");

  public Panorama {
    images = List.copyOf(images);
    int expected = projection == Projection.CUBE ? 6 : 1;
    if (images.size() != expected) throw new IllegalArgumentException(projection + " needs " + expected + " image(s)");
    for (float[] img : images) {
      if (img.length != 3 * width * height) throw new IllegalArgumentException("image size does not match " + width + "x" + height);
    }
  }

  /** One decoded picture before it becomes (part of) a panorama. */
  public record Image(int width, int height, float[] rgb, boolean highDynamicRange, int sourceWidth, int sourceHeight) {}

  static Panorama equirectangular(Image img) {
    return new Panorama(Projection.EQUIRECTANGULAR, img.width(), img.height(), List.of(img.rgb()), img.highDynamicRange(),
        img.sourceWidth(), img.sourceHeight());
  }
}
