package io.thumbnailworker.render.shapes;

import io.thumbnailworker.render.ModelData;

import java.util.List;
import java.util.Locale;

/**
 * The shapes a texture set is previewed on (modelibr-assets §1.3): plane (the default, and what an unknown name
 * gets), sphere, box, cylinder and torus, each centred and scaled so its largest dimension is 2.0, with normals and
 * texture coordinates laid out as the browser's primitives lay them out (stored with v = 0 at the image's top row, the
 * convention of every mesh the renderer draws).
 *
 * <p>Segment counts are lower than the Node worker's (plane 512², box 128 per axis, cylinder 128 × 128, icosphere
 * detail 5, torus 64 × 128): those are there for displacement, which this preview does not draw, so flat faces need
 * one segment and curved ones only enough that their outline looks round at thumbnail size. The look is the same;
 * llvmpipe draws a frame in a fraction of the time. The sphere is a latitude-longitude sphere, whose texture
 * coordinates are the ones the icosphere's projection gives.
 */
public final class PreviewShapes {
  public static final List<String> GEOMETRIES = List.of("plane", "sphere", "box", "cylinder", "torus");
  static final int SPHERE_SEGMENTS = 64, SPHERE_RINGS = 32;
  static final int CYLINDER_SEGMENTS = 64;
  static final int TORUS_RADIAL = 24, TORUS_TUBULAR = 64;

  private PreviewShapes() {}

  /** The known name of {@code geometry} (trimmed, lower case); {@code plane} for anything else. */
  public static String normalise(String geometry) {
    String g = geometry == null ? "" : geometry.trim().toLowerCase(Locale.ROOT);
    return GEOMETRIES.contains(g) ? g : "plane";
  }

  /** The mesh of {@code geometry} (see {@link #normalise}), material 0, fitted into a 2.0 cube at the origin. */
  public static ModelData.Mesh mesh(String geometry) {
    MeshBuilder b = new MeshBuilder();
    switch (normalise(geometry)) {
      case "sphere" -> sphere(b, 1.2);
      case "box" -> box(b);
      case "cylinder" -> cylinder(b);
      case "torus" -> torus(b, 1, 0.4);
      default -> b.quad(new double[] {-1.2, -1.2, 0}, new double[] {2.4, 0, 0}, new double[] {0, 2.4, 0});
    }
    return b.fitted(2.0);
  }

  private static void sphere(MeshBuilder b, double r) {
    for (int j = 0; j <= SPHERE_RINGS; j++) {
      double v = (double) j / SPHERE_RINGS, theta = v * Math.PI;
      for (int i = 0; i <= SPHERE_SEGMENTS; i++) {
        double u = (double) i / SPHERE_SEGMENTS, phi = u * 2 * Math.PI;
        double x = -Math.cos(phi) * Math.sin(theta), y = Math.cos(theta), z = Math.sin(phi) * Math.sin(theta);
        b.vertex(x * r, y * r, z * r, x, y, z, u, 1 - v);
      }
    }
    b.grid(0, SPHERE_SEGMENTS, SPHERE_RINGS);
  }

  /** Six faces, each with the whole image, wound outwards. */
  private static void box(MeshBuilder b) {
    b.quad(new double[] {1, -1, 1}, new double[] {0, 0, -2}, new double[] {0, 2, 0});     // +x
    b.quad(new double[] {-1, -1, -1}, new double[] {0, 0, 2}, new double[] {0, 2, 0});    // -x
    b.quad(new double[] {-1, 1, 1}, new double[] {2, 0, 0}, new double[] {0, 0, -2});     // +y
    b.quad(new double[] {-1, -1, -1}, new double[] {2, 0, 0}, new double[] {0, 0, 2});    // -y
    b.quad(new double[] {-1, -1, 1}, new double[] {2, 0, 0}, new double[] {0, 2, 0});     // +z
    b.quad(new double[] {1, -1, -1}, new double[] {-2, 0, 0}, new double[] {0, 2, 0});    // -z
  }

  /** Radius 1, height 2, capped: the side's u runs round it, v up it; each cap has the image laid flat. */
  private static void cylinder(MeshBuilder b) {
    int base = b.vertexCount();
    for (int j = 0; j <= 1; j++) {
      for (int i = 0; i <= CYLINDER_SEGMENTS; i++) {
        double u = (double) i / CYLINDER_SEGMENTS, a = u * 2 * Math.PI;
        double sin = Math.sin(a), cos = Math.cos(a);
        b.vertex(sin, 1 - 2 * j, cos, sin, 0, cos, u, 1 - j);
      }
    }
    b.grid(base, CYLINDER_SEGMENTS, 1);
    for (int top = 0; top <= 1; top++) {
      double y = top == 1 ? 1 : -1;
      int centre = b.vertexCount();
      b.vertex(0, y, 0, 0, y, 0, 0.5, 0.5);
      for (int i = 0; i <= CYLINDER_SEGMENTS; i++) {
        double a = (double) i / CYLINDER_SEGMENTS * 2 * Math.PI;
        double sin = Math.sin(a), cos = Math.cos(a);
        b.vertex(sin, y, cos, 0, y, 0, sin * 0.5 + 0.5, cos * 0.5 * y + 0.5);
      }
      for (int i = 0; i < CYLINDER_SEGMENTS; i++) b.triangle(centre, centre + 1 + i, centre + 2 + i);
    }
  }

  /** Ring radius {@code R} in the XY plane, tube radius {@code tube}; u runs along the ring, v round the tube. */
  private static void torus(MeshBuilder b, double R, double tube) {
    for (int j = 0; j <= TORUS_RADIAL; j++) {
      double v = (double) j / TORUS_RADIAL * 2 * Math.PI;
      for (int i = 0; i <= TORUS_TUBULAR; i++) {
        double u = (double) i / TORUS_TUBULAR * 2 * Math.PI;
        double cx = R * Math.cos(u), cy = R * Math.sin(u);
        double x = (R + tube * Math.cos(v)) * Math.cos(u), y = (R + tube * Math.cos(v)) * Math.sin(u), z = tube * Math.sin(v);
        b.vertex(x, y, z, x - cx, y - cy, z, (double) i / TORUS_TUBULAR, (double) j / TORUS_RADIAL);
      }
    }
    b.grid(0, TORUS_TUBULAR, TORUS_RADIAL);
  }
}
