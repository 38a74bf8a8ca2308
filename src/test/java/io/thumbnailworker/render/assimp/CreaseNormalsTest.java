package io.thumbnailworker.render.assimp;

import io.thumbnailworker.render.ModelData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CreaseNormalsTest {
  /** A cube on 8 shared corners, as 3MF and PLY files hold it. */
  static ModelData.Mesh cube() {
    float[] p = new float[24];
    for (int i = 0; i < 8; i++) {
      p[3 * i] = i & 1;
      p[3 * i + 1] = i >> 1 & 1;
      p[3 * i + 2] = i >> 2 & 1;
    }
    int[][] faces = {{0, 4, 6, 2}, {1, 3, 7, 5}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 2, 3, 1}, {4, 5, 7, 6}};
    List<Integer> idx = new ArrayList<>();
    for (int[] f : faces) idx.addAll(List.of(f[0], f[1], f[2], f[0], f[2], f[3]));
    return new ModelData.Mesh(p, new float[24], null, null, idx.stream().mapToInt(Integer::intValue).toArray(), 0);
  }

  @Test
  void aCubesCornersSplitIntoOneVertexPerFace() {
    ModelData.Mesh m = CreaseNormals.of(cube(), 40);
    assertEquals(24, m.positions().length / 3, "each corner once per face meeting there");
    float[] n = m.normals();
    for (int t = 0; t < m.indices().length; t += 3) {
      int a = 3 * m.indices()[t];
      for (int k = 1; k < 3; k++) {
        int b = 3 * m.indices()[t + k];
        assertArrayEquals(new float[] {n[a], n[a + 1], n[a + 2]}, new float[] {n[b], n[b + 1], n[b + 2]}, 1e-6f, "flat face");
      }
      assertEquals(1, Math.abs(n[a]) + Math.abs(n[a + 1]) + Math.abs(n[a + 2]), 1e-6, "normal along an axis");
    }
  }

  @Test
  void aSmoothSurfaceKeepsItsVertices() {
    // a 16 x 8 latitude-longitude sphere: neighbouring faces bend by about 22 degrees
    int lon = 16, lat = 8;
    List<float[]> verts = new ArrayList<>();
    for (int i = 0; i <= lat; i++) {
      for (int j = 0; j < lon; j++) {
        double th = Math.PI * i / lat, ph = 2 * Math.PI * j / lon;
        verts.add(new float[] {(float) (Math.sin(th) * Math.cos(ph)), (float) Math.cos(th), (float) (Math.sin(th) * Math.sin(ph))});
      }
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 1; i < lat - 1; i++) {
      for (int j = 0; j < lon; j++) {
        int a = i * lon + j, b = i * lon + (j + 1) % lon, c = a + lon, d = b + lon;
        idx.addAll(List.of(a, c, b, b, c, d));
      }
    }
    float[] p = new float[verts.size() * 3];
    for (int v = 0; v < verts.size(); v++) System.arraycopy(verts.get(v), 0, p, 3 * v, 3);
    ModelData.Mesh m = CreaseNormals.of(new ModelData.Mesh(p, new float[p.length], null, null,
        idx.stream().mapToInt(Integer::intValue).toArray(), 0), 40);
    assertEquals(idx.stream().distinct().count(), m.positions().length / 3, "no vertex split on a smooth surface");
    float[] q = m.positions();
    for (int v = 0; v < q.length; v += 3) {
      if (Math.abs(q[v + 1]) > 0.8) continue;   // the open band's rims are not mid-surface
      double dot = m.normals()[v] * q[v] + m.normals()[v + 1] * q[v + 1] + m.normals()[v + 2] * q[v + 2];
      double len = Math.sqrt(q[v] * q[v] + q[v + 1] * q[v + 1] + q[v + 2] * q[v + 2]);
      assertTrue(Math.abs(dot / len) > 0.97, "normal follows the sphere at vertex " + v / 3);
    }
  }

  @Test
  void aHugeFanAroundOnePointIsShadedFlatThere() {
    // 5,000 thin triangles around the origin, as a hostile file might hold: no pairwise comparison at the hub
    int n = 5000;
    float[] p = new float[3 * (n + 1)];
    int[] idx = new int[3 * n];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      p[3 * (i + 1)] = (float) Math.cos(a);
      p[3 * (i + 1) + 1] = (float) Math.sin(a);
      p[3 * (i + 1) + 2] = (float) (0.1 * Math.sin(7 * a));
      idx[3 * i] = 0;
      idx[3 * i + 1] = i + 1;
      idx[3 * i + 2] = (i + 1) % n + 1;
    }
    ModelData.Mesh m = CreaseNormals.of(new ModelData.Mesh(p, new float[p.length], null, null, idx, 0), 40);
    float[] nrm = m.normals();
    for (int v = 0; v < nrm.length; v += 3) {
      assertEquals(1, Math.sqrt(nrm[v] * nrm[v] + nrm[v + 1] * nrm[v + 1] + nrm[v + 2] * nrm[v + 2]), 1e-4, "unit normal");
    }
  }
}
