package io.thumbnailworker.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated test meshes for the scale benchmark: a sphere with radial bumps, as a binary little-endian PLY (positions
 * and triangle indices; the importer generates smooth normals). A latitude/longitude grid with 2x as many columns as
 * rows, stopping just short of the poles so there are no degenerate triangles: {@code 2 * (rows - 1) * cols}
 * triangles, chosen as close to the request as the grid allows.
 */
final class BumpySphere {
  private BumpySphere() {}

  /** Writes {@code dir/bumpy-<triangles>.ply}; returns the path. The actual triangle count is in the file name. */
  static Path write(Path dir, long wantedTriangles) throws IOException {
    int rows = Math.max(3, (int) Math.round(Math.sqrt(wantedTriangles / 4.0)) + 1);
    int cols = 2 * (rows - 1);
    long triangles = 2L * (rows - 1) * cols;
    Files.createDirectories(dir);
    Path file = dir.resolve("bumpy-" + triangles + ".ply");
    if (Files.isRegularFile(file)) return file;
    long vertices = (long) rows * cols;
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
      out.write(("ply\nformat binary_little_endian 1.0\ncomment thumbnail-worker bench bumpy sphere\n"
          + "element vertex " + vertices + "\nproperty float x\nproperty float y\nproperty float z\n"
          + "element face " + triangles + "\nproperty list uchar int vertex_indices\nend_header\n").getBytes(StandardCharsets.US_ASCII));
      ByteBuffer b = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
      for (int r = 0; r < rows; r++) {
        double lat = Math.toRadians(-89 + 178.0 * r / (rows - 1));
        for (int c = 0; c < cols; c++) {
          double lon = 2 * Math.PI * c / cols;
          double radius = 1 + 0.04 * Math.sin(12 * lat) * Math.sin(12 * lon) + 0.015 * Math.sin(40 * lat + 3 * lon);
          b.clear();
          b.putFloat((float) (radius * Math.cos(lat) * Math.cos(lon))).putFloat((float) (radius * Math.sin(lat)))
              .putFloat((float) (radius * Math.cos(lat) * Math.sin(lon)));
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
    }
    Files.move(tmp, file);
    return file;
  }

  private static void triangle(DataOutputStream out, ByteBuffer b, int i, int j, int k) throws IOException {
    b.clear();
    b.put((byte) 3).putInt(i).putInt(j).putInt(k);
    out.write(b.array(), 0, 13);
  }
}
