package io.thumbnailworker.render.shapes;

import io.thumbnailworker.render.ModelData;

import java.util.Arrays;

/** Growing vertex and index arrays for a generated mesh, and the mesh they make, fitted to a size at the origin. */
final class MeshBuilder {
  private float[] positions = new float[3 * 256], normals = new float[3 * 256], uvs = new float[2 * 256];
  private int[] indices = new int[3 * 256];
  private int vertices, indexCount;

  int vertexCount() {
    return vertices;
  }

  /** A vertex; {@code v} is stored as 1 - v, so that the row drawn at the top of the image is v = 0. */
  void vertex(double x, double y, double z, double nx, double ny, double nz, double u, double v) {
    if (vertices * 3 == positions.length) {
      positions = Arrays.copyOf(positions, positions.length * 2);
      normals = Arrays.copyOf(normals, normals.length * 2);
      uvs = Arrays.copyOf(uvs, uvs.length * 2);
    }
    double l = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (l == 0) l = 1;
    int p = 3 * vertices;
    positions[p] = (float) x;
    positions[p + 1] = (float) y;
    positions[p + 2] = (float) z;
    normals[p] = (float) (nx / l);
    normals[p + 1] = (float) (ny / l);
    normals[p + 2] = (float) (nz / l);
    uvs[2 * vertices] = (float) u;
    uvs[2 * vertices + 1] = (float) (1 - v);
    vertices++;
  }

  void triangle(int a, int b, int c) {
    if (indexCount + 3 > indices.length) indices = Arrays.copyOf(indices, indices.length * 2);
    indices[indexCount++] = a;
    indices[indexCount++] = b;
    indices[indexCount++] = c;
  }

  /** Two triangles per cell of a grid of {@code (columns + 1) x (rows + 1)} vertices laid out row by row from {@code base}. */
  void grid(int base, int columns, int rows) {
    for (int j = 0; j < rows; j++) {
      for (int i = 0; i < columns; i++) {
        int a = base + j * (columns + 1) + i, b = a + columns + 1;
        triangle(a, b, a + 1);
        triangle(b, b + 1, a + 1);
      }
    }
  }

  /**
   * A flat quad from {@code origin} spanning {@code right} and {@code up}; its normal is right x up, and the image is
   * laid with u along {@code right}, v along {@code up}.
   */
  void quad(double[] origin, double[] right, double[] up) {
    double nx = right[1] * up[2] - right[2] * up[1], ny = right[2] * up[0] - right[0] * up[2], nz = right[0] * up[1] - right[1] * up[0];
    int base = vertices;
    for (int j = 0; j <= 1; j++) {
      for (int i = 0; i <= 1; i++) {
        vertex(origin[0] + i * right[0] + j * up[0], origin[1] + i * right[1] + j * up[1], origin[2] + i * right[2] + j * up[2],
            nx, ny, nz, i, j);
      }
    }
    triangle(base, base + 1, base + 3);
    triangle(base, base + 3, base + 2);
  }

  /**
   * Turns every triangle counter-clockwise as seen from where its vertices' normals point: the shapes are drawn
   * double-sided, and the shader lights a back face with its normal reversed, so the winding must agree with the normals.
   */
  private void orient() {
    for (int t = 0; t < indexCount; t += 3) {
      int a = 3 * indices[t], b = 3 * indices[t + 1], c = 3 * indices[t + 2];
      double[] e1 = new double[3], e2 = new double[3];
      double facing = 0;
      for (int k = 0; k < 3; k++) {
        e1[k] = positions[b + k] - positions[a + k];
        e2[k] = positions[c + k] - positions[a + k];
      }
      double[] n = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]};
      for (int k = 0; k < 3; k++) facing += n[k] * (normals[a + k] + normals[b + k] + normals[c + k]);
      if (facing < 0) {
        int swap = indices[t + 1];
        indices[t + 1] = indices[t + 2];
        indices[t + 2] = swap;
      }
    }
  }

  /** The mesh, centred on its bounding box and scaled so that the box's largest side is {@code size}. */
  ModelData.Mesh fitted(double size) {
    orient();
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < 3 * vertices; i++) {
      min[i % 3] = Math.min(min[i % 3], positions[i]);
      max[i % 3] = Math.max(max[i % 3], positions[i]);
    }
    double largest = Math.max(max[0] - min[0], Math.max(max[1] - min[1], max[2] - min[2]));
    double scale = largest > 0 ? size / largest : 1;
    float[] p = Arrays.copyOf(positions, 3 * vertices);
    for (int i = 0; i < p.length; i++) p[i] = (float) ((p[i] - (min[i % 3] + max[i % 3]) / 2) * scale);
    return new ModelData.Mesh(p, Arrays.copyOf(normals, 3 * vertices), Arrays.copyOf(uvs, 2 * vertices), null,
        Arrays.copyOf(indices, indexCount), 0);
  }
}
