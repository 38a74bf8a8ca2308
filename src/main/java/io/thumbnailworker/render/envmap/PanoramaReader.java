package io.thumbnailworker.render.envmap;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads an environment map from disk: one equirectangular image, or a folder holding the six cube faces named
 * {@code px, nx, py, ny, pz, nz} (any supported extension each). {@code .hdr} and {@code .exr} are linear floats;
 * PNG, JPEG, BMP and TGA are 8-bit sRGB (stb_image), TIFF is read with ImageIO. Images are reduced to at most
 * {@code maxWidth} pixels across (a cube face to a quarter of it) as they are decoded. Every failure is a
 * {@link PanoramaException} naming the file.
 */
public final class PanoramaReader {
  /** Largest image decoded: 16K × 8K pixels (1.5 GiB of float RGB while it is reduced). */
  public static final long MAX_PIXELS = 16_384L * 8_192L;
  public static final Set<String> EXTENSIONS = Set.of("hdr", "exr", "png", "jpg", "jpeg", "bmp", "tga", "tif", "tiff");

  private PanoramaReader() {}

  /** The equirectangular image at {@code input}, or the cube faces in the folder {@code input}. */
  public static Panorama read(Path input, int maxWidth) {
    if (Files.isDirectory(input)) return cube(input, Math.max(16, maxWidth / 4));
    return Panorama.equirectangular(image(input, maxWidth));
  }

  /** One picture, by its extension. */
  public static Panorama.Image image(Path file, int maxWidth) {
    if (!Files.isRegularFile(file)) throw new PanoramaException(file.getFileName() + " does not exist");
    String ext = extension(file);
    return switch (ext) {
      case "hdr" -> StbDecoder.radiance(file, maxWidth);
      case "exr" -> ExrDecoder.read(file, maxWidth);
      case "png", "jpg", "jpeg", "bmp", "tga" -> StbDecoder.eightBit(file, ext.toUpperCase(Locale.ROOT), maxWidth);
      case "tif", "tiff" -> tiff(file, maxWidth);
      default -> throw new PanoramaException(file.getFileName() + " is not an environment map image; supported: " + EXTENSIONS);
    };
  }

  private static Panorama cube(Path dir, int maxFace) {
    List<Panorama.Image> faces = new ArrayList<>(6);
    for (String face : Panorama.FACES) faces.add(image(face(dir, face), maxFace));
    Panorama.Image first = faces.get(0);
    for (int i = 0; i < 6; i++) {
      Panorama.Image f = faces.get(i);
      if (f.sourceWidth() != f.sourceHeight()) {
        throw new PanoramaException("cube face " + Panorama.FACES.get(i) + " is " + f.sourceWidth() + "x" + f.sourceHeight() + ", not square");
      }
      if (f.width() != first.width() || f.sourceWidth() != first.sourceWidth()) {
        throw new PanoramaException("cube face " + Panorama.FACES.get(i) + " is " + f.sourceWidth() + " pixels across, face px "
            + first.sourceWidth() + "; all six must be the same size");
      }
    }
    boolean hdr = faces.stream().anyMatch(Panorama.Image::highDynamicRange);
    return new Panorama(Panorama.Projection.CUBE, first.width(), first.height(),
        faces.stream().map(Panorama.Image::rgb).toList(), hdr, first.sourceWidth(), first.sourceHeight());
  }

  private static Path face(Path dir, String face) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> stem(f).equals(face) && EXTENSIONS.contains(extension(f))).sorted().findFirst()
          .orElseThrow(() -> new PanoramaException("the cube map has no face " + face + " (" + face + ".hdr, "
              + face + ".png, …)"));
    } catch (IOException e) {
      throw new PanoramaException("the cube map folder could not be listed: " + e.getMessage());
    }
  }

  private static Panorama.Image tiff(Path file, int maxWidth) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new PanoramaException(file.getFileName() + " could not be decoded as TIFF: " + e.getMessage());
    }
    if (img == null) throw new PanoramaException(file.getFileName() + " could not be decoded as TIFF (no TIFF reader in this Java runtime, or not a TIFF)");
    checkSize(file.getFileName().toString(), img.getWidth(), img.getHeight());
    int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    return Reduce.srgb(argb, img.getWidth(), img.getHeight(), maxWidth);
  }

  static void checkSize(String name, int w, int h) {
    if (w <= 0 || h <= 0) throw new PanoramaException(name + " has no pixels");
    if ((long) w * h > MAX_PIXELS) {
      throw new PanoramaException(name + " is " + w + "x" + h + ", above the " + MAX_PIXELS / 1_000_000 + " megapixel limit");
    }
  }

  static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String stem(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return (dot < 0 ? n : n.substring(0, dot)).toLowerCase(Locale.ROOT);
  }
}
