package io.thumbnailworker.samples;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own sample models, generated in code so they are ours to ship, test against (golden images) and
 * show in the README: a textured GLB globe (PBR, embedded PNG), a vertex-coloured PLY cube, a textured OBJ+MTL+PNG
 * crate, and a binary STL torus knot. Deterministic: the same bytes every time. Each sample has its own class.
 */
public final class SampleModels {
  public static final List<String> FILES = List.of("globe.glb", "color-cube.ply", "crate/crate.obj", "torus-knot.stl");

  private SampleModels() {}

  /** Writes every sample under {@code dir} and returns the model paths (companion files sit beside them). */
  public static List<Path> writeAll(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("crate"));
    List<Path> out = new ArrayList<>();
    out.add(write(dir.resolve("globe.glb"), Globe.glb()));
    out.add(write(dir.resolve("color-cube.ply"), ColorCube.ply().getBytes(StandardCharsets.US_ASCII)));
    write(dir.resolve("crate/crate.mtl"), Crate.mtl().getBytes(StandardCharsets.US_ASCII));
    write(dir.resolve("crate/crate.png"), png(Crate.texture()));
    out.add(write(dir.resolve("crate/crate.obj"), Crate.obj().getBytes(StandardCharsets.US_ASCII)));
    out.add(write(dir.resolve("torus-knot.stl"), TorusKnot.stl()));
    return out;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "samples");
    for (Path p : writeAll(dir)) System.out.println(p);
  }

  private static Path write(Path p, byte[] bytes) throws IOException {
    Files.write(p, bytes);
    return p;
  }

  /** The image as PNG bytes. */
  public static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
