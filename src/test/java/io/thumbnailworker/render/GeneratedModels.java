package io.thumbnailworker.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Boxes written by tests as 3MF, binary STL, OBJ and coloured PLY files, in the file's own coordinates (no normals,
 * except the facet normals STL requires), so the importer has to decide which way is up and how to shade them.
 */
final class GeneratedModels {
  /** Corner indices (bit 0 x, bit 1 y, bit 2 z) of each face, counter-clockwise seen from outside: -x +x -y +y -z +z. */
  static final int[][] FACES = {{0, 4, 6, 2}, {1, 3, 7, 5}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 2, 3, 1}, {4, 5, 7, 6}};

  /** An indexed triangle mesh: x, y, z per vertex, three indices per triangle. */
  record Mesh(List<float[]> vertices, List<int[]> triangles) {
    Mesh() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    /** Adds an axis-aligned box whose 8 corners are shared by its faces. */
    Mesh box(float x0, float y0, float z0, float x1, float y1, float z1) {
      int base = vertices.size();
      for (int i = 0; i < 8; i++) vertices.add(new float[] {(i & 1) == 0 ? x0 : x1, (i & 2) == 0 ? y0 : y1, (i & 4) == 0 ? z0 : z1});
      for (int[] f : FACES) {
        triangles.add(new int[] {base + f[0], base + f[1], base + f[2]});
        triangles.add(new int[] {base + f[0], base + f[2], base + f[3]});
      }
      return this;
    }

    Mesh triangle(float[] a, float[] b, float[] c) {
      int base = vertices.size();
      vertices.add(a);
      vertices.add(b);
      vertices.add(c);
      triangles.add(new int[] {base, base + 1, base + 2});
      return this;
    }
  }

  private GeneratedModels() {}

  static Path threeMf(Path file, Mesh mesh) throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model unit=\"millimeter\" "
        + "xml:lang=\"en-US\" xmlns=\"http://schemas.microsoft.com/3dmanufacturing/core/2015/02\">\n<resources>"
        + "<object id=\"1\" type=\"model\"><mesh><vertices>\n");
    for (float[] v : mesh.vertices) xml.append(String.format(Locale.ROOT, "<vertex x=\"%f\" y=\"%f\" z=\"%f\"/>%n", v[0], v[1], v[2]));
    xml.append("</vertices><triangles>\n");
    for (int[] t : mesh.triangles) xml.append(String.format("<triangle v1=\"%d\" v2=\"%d\" v3=\"%d\"/>%n", t[0], t[1], t[2]));
    xml.append("</triangles></mesh></object></resources>\n<build><item objectid=\"1\"/></build>\n</model>\n");
    Files.createDirectories(file.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/"
          + "package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
          + "relationships+xml\"/><Default Extension=\"model\" ContentType=\"application/vnd.ms-package.3dmanufacturing-3dmodel+xml\"/></Types>");
      entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/"
          + "package/2006/relationships\"><Relationship Target=\"/3D/3dmodel.model\" Id=\"rel0\" "
          + "Type=\"http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel\"/></Relationships>");
      entry(zip, "3D/3dmodel.model", xml.toString());
    }
    return file;
  }

  private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  static Path binaryStl(Path file, Mesh mesh) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(84 + 50 * mesh.triangles.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[80]).putInt(mesh.triangles.size());
    for (int[] t : mesh.triangles) {
      float[] a = mesh.vertices.get(t[0]), c = mesh.vertices.get(t[1]), d = mesh.vertices.get(t[2]);
      float ux = c[0] - a[0], uy = c[1] - a[1], uz = c[2] - a[2], vx = d[0] - a[0], vy = d[1] - a[1], vz = d[2] - a[2];
      float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
      float len = (float) Math.sqrt(nx * nx + ny * ny + nz * nz);
      b.putFloat(nx / len).putFloat(ny / len).putFloat(nz / len);
      for (float[] v : new float[][] {a, c, d}) b.putFloat(v[0]).putFloat(v[1]).putFloat(v[2]);
      b.putShort((short) 0);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, b.array());
    return file;
  }

  /** A 3DS file of one object: main, editor, object, triangle mesh with its points and faces chunks. */
  static Path threeDs(Path file, Mesh mesh) throws IOException {
    ByteBuffer points = le(2 + 12 * mesh.vertices.size()).putShort((short) mesh.vertices.size());
    for (float[] v : mesh.vertices) points.putFloat(v[0]).putFloat(v[1]).putFloat(v[2]);
    ByteBuffer faces = le(2 + 8 * mesh.triangles.size()).putShort((short) mesh.triangles.size());
    for (int[] t : mesh.triangles) faces.putShort((short) t[0]).putShort((short) t[1]).putShort((short) t[2]).putShort((short) 0);
    byte[] trimesh = chunk(0x4100, chunk(0x4110, points.array()), chunk(0x4120, faces.array()));
    byte[] object = chunk(0x4000, "box\0".getBytes(StandardCharsets.US_ASCII), trimesh);
    byte[] version = le(4).putInt(3).array();
    Files.createDirectories(file.getParent());
    Files.write(file, chunk(0x4D4D, chunk(0x0002, version), chunk(0x3D3D, chunk(0x3D3E, version), object)));
    return file;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] chunk(int id, byte[]... parts) {
    int size = 6;
    for (byte[] p : parts) size += p.length;
    ByteBuffer b = le(size).putShort((short) id).putInt(size);
    for (byte[] p : parts) b.put(p);
    return b.array();
  }

  /** An OBJ with one object ({@code o}) per mesh, so Assimp keeps them apart. */
  static Path obj(Path file, Mesh... objects) throws IOException {
    StringBuilder s = new StringBuilder();
    int base = 1;
    for (int i = 0; i < objects.length; i++) {
      s.append("o part").append(i).append('\n');
      for (float[] v : objects[i].vertices) s.append(String.format(Locale.ROOT, "v %f %f %f%n", v[0], v[1], v[2]));
      for (int[] t : objects[i].triangles) s.append(String.format("f %d %d %d%n", t[0] + base, t[1] + base, t[2] + base));
      base += objects[i].vertices.size();
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, s);
    return file;
  }

  /**
   * An ASCII PLY of the cube -1..1 whose -x face is a fine red grid of {@code n} x {@code n} squares (the detailed
   * "front") and whose other faces are two grey triangles each; faces share no vertices, so colours stay apart.
   */
  static Path frontDetailedCubePly(Path file, int n) throws IOException {
    List<String> verts = new ArrayList<>(), faces = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= n; j++) verts.add(String.format(Locale.ROOT, "-1 %f %f 220 30 30", -1 + 2f * i / n, -1 + 2f * j / n));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int a = i * (n + 1) + j, b = a + n + 1;
        faces.add("3 " + a + " " + (a + 1) + " " + (b + 1));
        faces.add("3 " + a + " " + (b + 1) + " " + b);
      }
    }
    for (int f = 1; f < FACES.length; f++) {
      int base = verts.size();
      for (int corner : FACES[f]) {
        verts.add(String.format("%d %d %d 160 160 160", (corner & 1) * 2 - 1, (corner >> 1 & 1) * 2 - 1, (corner >> 2 & 1) * 2 - 1));
      }
      faces.add("3 " + base + " " + (base + 1) + " " + (base + 2));
      faces.add("3 " + base + " " + (base + 2) + " " + (base + 3));
    }
    String header = "ply\nformat ascii 1.0\nelement vertex " + verts.size() + "\nproperty float x\nproperty float y\n"
        + "property float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face " + faces.size()
        + "\nproperty list uchar int vertex_indices\nend_header\n";
    Files.createDirectories(file.getParent());
    Files.writeString(file, header + String.join("\n", verts) + "\n" + String.join("\n", faces) + "\n");
    return file;
  }
}
