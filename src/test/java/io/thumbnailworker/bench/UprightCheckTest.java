package io.thumbnailworker.bench;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.AssimpLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UprightCheckTest {
  /** A 4 x 4 x 0.2 plate, thin along the file's Z. */
  private static final double[] PLATE = {4, 4, 0.2};

  @Test
  void aZUpStlPlateIsTurnedFromZAndLiesFlat(@TempDir Path dir) throws Exception {
    Path stl = Files.writeString(dir.resolve("plate.stl"), stl(PLATE));
    assertEquals("Z", UprightCheck.chosenAxis(stl));
    assertTrue(UprightCheck.verticalIsThinnest(load(stl)));
  }

  @Test
  void theSamePlateAsAnObjKeepsYAndStandsOnItsEdge(@TempDir Path dir) throws Exception {
    // OBJ is Y-up by convention and the plate has a flat base either way, so it stays as written: on its edge
    Path obj = Files.writeString(dir.resolve("plate.obj"), obj(PLATE));
    assertEquals("Y", UprightCheck.chosenAxis(obj));
    assertFalse(UprightCheck.verticalIsThinnest(load(obj)));
  }

  @Test
  void theStatedAxisComesFromTheSpecificationOrTheColladaFile(@TempDir Path dir) throws Exception {
    assertEquals("Y", UprightCheck.statedAxis(dir.resolve("a.glb")));
    assertEquals("Z", UprightCheck.statedAxis(dir.resolve("a.3mf")));
    Path dae = Files.writeString(dir.resolve("a.dae"), "<COLLADA><asset><up_axis>Z_UP</up_axis></asset></COLLADA>");
    assertEquals("Z", UprightCheck.statedAxis(dae));
    assertNull(UprightCheck.statedAxis(dir.resolve("a.stl")));
  }

  private static ModelData load(Path f) throws Exception {
    return AssimpLoader.load(f, f.getFileName().toString(), 1_000_000L);
  }

  /** The eight corners of an axis-aligned box from the origin to {@code size}. */
  private static double[][] corners(double[] s) {
    double[][] c = new double[8][];
    for (int i = 0; i < 8; i++) c[i] = new double[] {(i & 1) * s[0], (i >> 1 & 1) * s[1], (i >> 2 & 1) * s[2]};
    return c;
  }

  /** The box's six faces as corner indices, counter-clockwise seen from outside. */
  private static final int[][] FACES = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};

  private static String stl(double[] size) {
    double[][] c = corners(size);
    StringBuilder b = new StringBuilder("solid plate\n");
    for (int[] f : FACES) {
      for (int[] t : new int[][] {{f[0], f[1], f[2]}, {f[0], f[2], f[3]}}) {
        b.append("facet normal 0 0 0\nouter loop\n");
        for (int v : t) b.append("vertex ").append(c[v][0]).append(' ').append(c[v][1]).append(' ').append(c[v][2]).append('\n');
        b.append("endloop\nendfacet\n");
      }
    }
    return b.append("endsolid plate\n").toString();
  }

  private static String obj(double[] size) {
    StringBuilder b = new StringBuilder();
    for (double[] v : corners(size)) b.append("v ").append(v[0]).append(' ').append(v[1]).append(' ').append(v[2]).append('\n');
    for (int[] f : FACES) b.append("f ").append(f[0] + 1).append(' ').append(f[1] + 1).append(' ').append(f[2] + 1).append(' ').append(f[3] + 1).append('\n');
    return b.toString();
  }
}
