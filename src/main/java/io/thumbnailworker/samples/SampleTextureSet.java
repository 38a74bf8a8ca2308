package io.thumbnailworker.samples;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A procedurally generated brick texture set, as Modelibr keeps one: {@code bricks_albedo.png} (sRGB colour),
 * {@code bricks_normal.png} (tangent-space, from the bricks' bevelled height) and {@code bricks_orm.png}, one image
 * holding ambient occlusion (R), roughness (G) and metalness (B). Deterministic, 256 x 256, tiling.
 */
public final class SampleTextureSet {
  public static final List<String> FILES = List.of("bricks_albedo.png", "bricks_normal.png", "bricks_orm.png");
  static final int SIZE = 256, ROWS = 8, COLUMNS = 4;

  private SampleTextureSet() {}

  /** Writes the three images into {@code dir} (created if missing); their paths, in {@link #FILES} order. */
  public static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    BufferedImage albedo = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    BufferedImage normal = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    BufferedImage orm = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double h = height(x, y);
        double dx = height(x + 1, y) - height(x - 1, y), dy = height(x, y + 1) - height(x, y - 1);
        double nx = -dx * 2, ny = dy * 2, nz = 1, l = Math.sqrt(nx * nx + ny * ny + nz * nz);
        normal.setRGB(x, y, rgb((nx / l + 1) / 2, (ny / l + 1) / 2, (nz / l + 1) / 2));
        int brick = brick(x, y);
        double shade = 0.85 + 0.15 * ((brick * 2654435761L >>> 7) % 100) / 100.0;
        albedo.setRGB(x, y, h > 0.5 ? rgb(0.62 * shade, 0.24 * shade, 0.16 * shade) : rgb(0.55, 0.53, 0.5));
        orm.setRGB(x, y, rgb(0.55 + 0.45 * h, h > 0.5 ? 0.75 : 0.95, 0));
      }
    }
    List<BufferedImage> images = List.of(albedo, normal, orm);
    for (int i = 0; i < FILES.size(); i++) ImageIO.write(images.get(i), "png", dir.resolve(FILES.get(i)).toFile());
    return FILES.stream().map(dir::resolve).toList();
  }

  /** 1 on a brick's face, falling to 0 in the mortar over a bevel of a few pixels; wraps, so the set tiles. */
  private static double height(int x, int y) {
    int rowHeight = SIZE / ROWS, width = SIZE / COLUMNS;
    int yy = Math.floorMod(y, SIZE), row = yy / rowHeight;
    int xx = Math.floorMod(x + (row % 2) * width / 2, SIZE);
    int ex = Math.min(xx % width, width - 1 - xx % width), ey = Math.min(yy % rowHeight, rowHeight - 1 - yy % rowHeight);
    return Math.max(0, Math.min(1, (Math.min(ex, ey) - 1) / 3.0));
  }

  private static int brick(int x, int y) {
    int row = Math.floorMod(y, SIZE) / (SIZE / ROWS);
    return row * 16 + Math.floorMod(x + (row % 2) * SIZE / COLUMNS / 2, SIZE) / (SIZE / COLUMNS);
  }

  private static int rgb(double r, double g, double b) {
    return (int) Math.round(Math.max(0, Math.min(1, r)) * 255) << 16 | (int) Math.round(Math.max(0, Math.min(1, g)) * 255) << 8
        | (int) Math.round(Math.max(0, Math.min(1, b)) * 255);
  }
}
