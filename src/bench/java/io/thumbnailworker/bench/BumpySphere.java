package io.thumbnailworker.bench;

import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.samples.GlbWriter;
import io.thumbnailworker.samples.SampleModels;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated test meshes for the scale benchmark: a sphere with radial bumps, as a binary little-endian PLY (positions
 * and triangle indices; the importer generates smooth normals). A latitude/longitude grid with 2x as many columns as
 * rows, stopping just short of the poles so there are no degenerate triangles: {@code 2 * (rows - 1) * cols}
 * triangles, chosen as close to the request as the grid allows.
 */
final class BumpySphere {
  /** Where the benchmarks keep generated spheres between runs (they are written once per size). */
  static final Path CACHE = Path.of("target", "bench", "meshes");

  private BumpySphere() {}

  /** The latitude/longitude grid whose triangle count is nearest to the request. */
  private record Grid(int rows, int cols, long triangles) {
    static Grid near(long wantedTriangles) {
      int rows = Math.max(3, (int) Math.round(Math.sqrt(wantedTriangles / 4.0)) + 1);
      int cols = 2 * (rows - 1);
      return new Grid(rows, cols, 2L * (rows - 1) * cols);
    }

    Path file(Path dir, String extension) throws IOException {
      Files.createDirectories(dir);
      return dir.resolve("bumpy-" + triangles + "." + extension);
    }
  }

  /** Writes {@code dir/bumpy-<triangles>.ply}; returns the path. The actual triangle count is in the file name. */
  static Path write(Path dir, long wantedTriangles) throws IOException {
    Grid grid = Grid.near(wantedTriangles);
    Path file = grid.file(dir, "ply");
    if (!Files.isRegularFile(file)) FileOps.writeAtomically(file, false, raw -> writePly(raw, grid));
    return file;
  }

  private static void writePly(OutputStream raw, Grid grid) throws IOException {
    int rows = grid.rows(), cols = grid.cols();
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
    out.write(("ply\nformat binary_little_endian 1.0\ncomment thumbnail-worker bench bumpy sphere\n"
        + "element vertex " + (long) rows * cols + "\nproperty float x\nproperty float y\nproperty float z\n"
        + "element face " + grid.triangles() + "\nproperty list uchar int vertex_indices\nend_header\n").getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < rows; r++) {
      double lat = Math.toRadians(-89 + 178.0 * r / (rows - 1));
      for (int c = 0; c < cols; c++) {
        double[] p = point(lat, 2 * Math.PI * c / cols);
        b.clear();
        b.putFloat((float) p[0]).putFloat((float) p[1]).putFloat((float) p[2]);
        out.write(b.array(), 0, 12);
      }
    }
    for (int r = 0; r < rows - 1; r++) {
      for (int c = 0; c < cols; c++) {
        int a = r * cols + c, bb = r * cols + (c + 1) % cols, d = a + cols, e = bb + cols;
        triangle(out, b, a, d, bb);
        triangle(out, b, bb, d, e);
      }
    }
    out.flush();
  }

  /**
   * The same sphere as a textured glTF binary, {@code dir/bumpy-<triangles>.glb} (in the render
   * benchmark's reference set): normals from the surface's derivatives, longitude/latitude UVs (a duplicated seam column) and a
   * 1024x1024 PNG base colour.
   */
  static Path writeGlb(Path dir, long wantedTriangles) throws IOException {
    Grid grid = Grid.near(wantedTriangles);
    int rows = grid.rows(), cols = grid.cols();
    Path file = grid.file(dir, "glb");
    if (Files.isRegularFile(file)) return file;
    List<float[]> pos = new ArrayList<>(), nrm = new ArrayList<>(), uv = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double lat = Math.toRadians(-89 + 178.0 * r / (rows - 1));
      for (int c = 0; c <= cols; c++) {
        double lon = 2 * Math.PI * c / cols;
        double[] p = point(lat, lon), dLat = sub(point(lat + 1e-4, lon), p), dLon = sub(point(lat, lon + 1e-4), p);
        double[] n = {dLon[1] * dLat[2] - dLon[2] * dLat[1], dLon[2] * dLat[0] - dLon[0] * dLat[2], dLon[0] * dLat[1] - dLon[1] * dLat[0]};
        double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (n[0] * p[0] + n[1] * p[1] + n[2] * p[2] < 0) len = -len;   // outwards
        pos.add(new float[] {(float) p[0], (float) p[1], (float) p[2]});
        nrm.add(new float[] {(float) (n[0] / len), (float) (n[1] / len), (float) (n[2] / len)});
        uv.add(new float[] {(float) c / cols, 1f - (float) r / (rows - 1)});
      }
    }
    List<Integer> idx = new ArrayList<>();
    int stride = cols + 1;
    for (int r = 0; r < rows - 1; r++) {
      for (int c = 0; c < cols; c++) {
        int a = r * stride + c, b = a + 1, d = a + stride, e = b + stride;
        idx.addAll(List.of(a, d, b, b, d, e));   // counter-clockwise seen from outside
      }
    }
    FileOps.writeAtomically(file, GlbWriter.texturedGlb(pos, nrm, uv, idx, SampleModels.png(texture())));
    return file;
  }

  private static double[] point(double lat, double lon) {
    double radius = 1 + 0.04 * Math.sin(12 * lat) * Math.sin(12 * lon) + 0.015 * Math.sin(40 * lat + 3 * lon);
    return new double[] {radius * Math.cos(lat) * Math.cos(lon), radius * Math.sin(lat), radius * Math.cos(lat) * Math.sin(lon)};
  }

  private static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  private static BufferedImage texture() {
    BufferedImage img = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        boolean check = ((x >> 6) + (y >> 6)) % 2 == 0;
        int r = check ? 200 : 40 + x / 8, g = 60 + y / 6, b = check ? 60 : 180;
        img.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return img;
  }

  private static void triangle(DataOutputStream out, ByteBuffer b, int i, int j, int k) throws IOException {
    b.clear();
    b.put((byte) 3).putInt(i).putInt(j).putInt(k);
    out.write(b.array(), 0, 13);
  }
}
