package io.thumbnailworker.samples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's own sample models, generated in code so they are ours to ship, test against (golden images) and
 * show in the README: a textured GLB globe (PBR, embedded PNG), a vertex-coloured PLY cube, a textured OBJ+MTL+PNG
 * crate, and a binary STL torus knot. Deterministic: the same bytes every time.
 */
public final class SampleModels {
  public static final List<String> FILES = List.of("globe.glb", "color-cube.ply", "crate/crate.obj", "torus-knot.stl");

  private SampleModels() {}

  /** Writes every sample under {@code dir} and returns the model paths (companion files sit beside them). */
  public static List<Path> writeAll(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("crate"));
    List<Path> out = new ArrayList<>();
    out.add(write(dir.resolve("globe.glb"), globeGlb()));
    out.add(write(dir.resolve("color-cube.ply"), colorCubePly().getBytes(StandardCharsets.US_ASCII)));
    write(dir.resolve("crate/crate.mtl"), crateMtl().getBytes(StandardCharsets.US_ASCII));
    write(dir.resolve("crate/crate.png"), png(crateTexture()));
    out.add(write(dir.resolve("crate/crate.obj"), crateObj().getBytes(StandardCharsets.US_ASCII)));
    out.add(write(dir.resolve("torus-knot.stl"), torusKnotStl()));
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

  // ---------------------------------------------------------------- globe.glb

  static byte[] globeGlb() {
    int lat = 32, lon = 64;
    List<float[]> pos = new ArrayList<>(), nrm = new ArrayList<>(), uv = new ArrayList<>();
    for (int i = 0; i <= lat; i++) {
      double v = (double) i / lat, th = v * Math.PI;
      for (int j = 0; j <= lon; j++) {
        double u = (double) j / lon, ph = u * 2 * Math.PI;
        float x = (float) (Math.sin(th) * Math.cos(ph)), y = (float) Math.cos(th), z = (float) (-Math.sin(th) * Math.sin(ph));
        pos.add(new float[] {x, y, z});
        nrm.add(new float[] {x, y, z});
        uv.add(new float[] {(float) u, (float) v});
      }
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < lat; i++) {
      for (int j = 0; j < lon; j++) {
        int a = i * (lon + 1) + j, b = a + lon + 1;
        idx.add(a); idx.add(b); idx.add(a + 1);
        idx.add(a + 1); idx.add(b); idx.add(b + 1);
      }
    }
    // a stand on one side so the model is not rotationally symmetric
    addBox(pos, nrm, uv, idx, 0.9f, -1.25f, -0.15f, 1.5f, 0.1f, 0.3f);
    byte[] image = png(globeTexture());
    return texturedGlb(pos, nrm, uv, idx, image);
  }

  private static void addBox(List<float[]> pos, List<float[]> nrm, List<float[]> uv, List<Integer> idx,
                             float x0, float y0, float z0, float x1, float y1, float z1) {
    float[][] n = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (float[] f : n) {
      int start = pos.size();
      for (int k = 0; k < 4; k++) {
        float a = (k == 1 || k == 2) ? 1 : 0, b = k >= 2 ? 1 : 0;
        float[] p = new float[3];
        int ax = f[0] != 0 ? 0 : f[1] != 0 ? 1 : 2, u = (ax + 1) % 3, w = (ax + 2) % 3;
        float[] lo = {x0, y0, z0}, hi = {x1, y1, z1};
        p[ax] = f[ax] > 0 ? hi[ax] : lo[ax];
        p[u] = lo[u] + a * (hi[u] - lo[u]);
        p[w] = lo[w] + b * (hi[w] - lo[w]);
        pos.add(p);
        nrm.add(f.clone());
        uv.add(new float[] {0.02f, 0.98f});
      }
      boolean flip = f[0] + f[1] + f[2] < 0;
      int[] tri = flip ? new int[] {0, 2, 1, 0, 3, 2} : new int[] {0, 1, 2, 0, 2, 3};
      for (int t : tri) idx.add(start + t);
    }
  }

  private static BufferedImage globeTexture() {
    BufferedImage img = new BufferedImage(512, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(20, 60, 140), 0, 256, new Color(30, 110, 190)));
    g.fillRect(0, 0, 512, 256);
    g.setColor(new Color(70, 150, 60));
    int[][] blobs = {{60, 70, 120, 80}, {110, 140, 60, 90}, {250, 60, 90, 70}, {270, 120, 60, 90}, {360, 70, 120, 60}, {400, 160, 60, 40}};
    for (int[] b : blobs) g.fillOval(b[0], b[1], b[2], b[3]);
    g.setColor(new Color(235, 235, 240));
    g.fillRect(0, 0, 512, 18);
    g.fillRect(0, 238, 512, 18);
    g.setColor(new Color(250, 200, 40));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
    g.drawString("TW", 200, 150);
    g.dispose();
    return img;
  }

  /** One textured, single-sided glTF binary: a mesh with normals, UVs and uint32 indices, its base colour a PNG. */
  public static byte[] texturedGlb(List<float[]> pos, List<float[]> nrm, List<float[]> uv, List<Integer> idx, byte[] image) {
    int n = pos.size();
    ByteBuffer bin = ByteBuffer.allocate(n * 32 + idx.size() * 4 + image.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE}, max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
    for (float[] p : pos) {
      for (int k = 0; k < 3; k++) {
        bin.putFloat(p[k]);
        min[k] = Math.min(min[k], p[k]);
        max[k] = Math.max(max[k], p[k]);
      }
    }
    for (float[] p : nrm) for (float f : p) bin.putFloat(f);
    for (float[] p : uv) for (float f : p) bin.putFloat(f);
    for (int i : idx) bin.putInt(i);
    int imageOffset = bin.position();
    bin.put(image);
    while (bin.position() % 4 != 0) bin.put((byte) 0);
    int binLen = bin.position();
    JsonObject json = new JsonObject()
        .put("asset", new JsonObject().put("version", "2.0").put("generator", "thumbnail-worker SampleModels"))
        .put("scene", 0)
        .put("scenes", new JsonArray().add(new JsonObject().put("nodes", new JsonArray().add(0))))
        .put("nodes", new JsonArray().add(new JsonObject().put("mesh", 0).put("name", "globe")
            .put("rotation", new JsonArray().add(0).add(0).add(0.0871557).add(0.9961947))))
        .put("meshes", new JsonArray().add(new JsonObject().put("primitives", new JsonArray().add(new JsonObject()
            .put("attributes", new JsonObject().put("POSITION", 0).put("NORMAL", 1).put("TEXCOORD_0", 2))
            .put("indices", 3).put("material", 0)))))
        .put("materials", new JsonArray().add(new JsonObject().put("name", "globe")
            .put("pbrMetallicRoughness", new JsonObject().put("baseColorTexture", new JsonObject().put("index", 0))
                .put("metallicFactor", 0.0).put("roughnessFactor", 0.45))))
        .put("textures", new JsonArray().add(new JsonObject().put("source", 0).put("sampler", 0)))
        .put("samplers", new JsonArray().add(new JsonObject().put("magFilter", 9729).put("minFilter", 9987)))
        .put("images", new JsonArray().add(new JsonObject().put("bufferView", 4).put("mimeType", "image/png")))
        .put("buffers", new JsonArray().add(new JsonObject().put("byteLength", binLen)))
        .put("bufferViews", new JsonArray()
            .add(view(0, n * 12, 34962)).add(view(n * 12, n * 12, 34962)).add(view(n * 24, n * 8, 34962))
            .add(view(n * 32, idx.size() * 4, 34963)).add(new JsonObject().put("buffer", 0).put("byteOffset", imageOffset).put("byteLength", image.length)))
        .put("accessors", new JsonArray()
            .add(accessor(0, 5126, n, "VEC3").put("min", new JsonArray().add(min[0]).add(min[1]).add(min[2])).put("max", new JsonArray().add(max[0]).add(max[1]).add(max[2])))
            .add(accessor(1, 5126, n, "VEC3")).add(accessor(2, 5126, n, "VEC2")).add(accessor(3, 5125, idx.size(), "SCALAR")));
    byte[] js = json.encode().getBytes(StandardCharsets.UTF_8);
    int jsLen = (js.length + 3) / 4 * 4;
    ByteBuffer out = ByteBuffer.allocate(12 + 8 + jsLen + 8 + binLen).order(ByteOrder.LITTLE_ENDIAN);
    out.put("glTF".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(out.capacity());
    out.putInt(jsLen).put("JSON".getBytes(StandardCharsets.US_ASCII)).put(js);
    for (int i = js.length; i < jsLen; i++) out.put((byte) ' ');
    out.putInt(binLen).put("BIN\0".getBytes(StandardCharsets.US_ASCII)).put(bin.array(), 0, binLen);
    return out.array();
  }

  private static JsonObject view(int offset, int length, int target) {
    return new JsonObject().put("buffer", 0).put("byteOffset", offset).put("byteLength", length).put("target", target);
  }

  private static JsonObject accessor(int view, int type, int count, String kind) {
    return new JsonObject().put("bufferView", view).put("componentType", type).put("count", count).put("type", kind);
  }

  // ---------------------------------------------------------------- color-cube.ply

  static String colorCubePly() {
    StringBuilder v = new StringBuilder(), f = new StringBuilder();
    float[][] normals = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    int count = 0;
    for (float[] nrm : normals) {
      int ax = nrm[0] != 0 ? 0 : nrm[1] != 0 ? 1 : 2, u = (ax + 1) % 3, w = (ax + 2) % 3;
      int[][] corners = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
      for (int[] c : corners) {
        float[] p = new float[3];
        p[ax] = nrm[ax] > 0 ? 1 : -1;
        p[u] = c[0] == 1 ? 1 : -1;
        p[w] = c[1] == 1 ? 1 : -1;
        // a taller, narrower box with a chamfered top corner colour scheme: colour from position, so every side differs
        int r = (int) (127.5 * (p[0] + 1)), g = (int) (127.5 * (p[1] + 1)), b = (int) (127.5 * (p[2] + 1));
        v.append(String.format(Locale.ROOT, "%.3f %.3f %.3f %.0f %.0f %.0f %d %d %d%n", p[0] * 0.8, p[1] * 1.2, p[2] * 0.8, nrm[0], nrm[1], nrm[2], r, g, b));
      }
      boolean flip = nrm[0] + nrm[1] + nrm[2] < 0;
      int s = count;
      f.append(flip ? String.format("3 %d %d %d%n3 %d %d %d%n", s, s + 2, s + 1, s, s + 3, s + 2)
          : String.format("3 %d %d %d%n3 %d %d %d%n", s, s + 1, s + 2, s, s + 2, s + 3));
      count += 4;
    }
    return "ply\nformat ascii 1.0\ncomment thumbnail-worker SampleModels: vertex-coloured box\n"
        + "element vertex " + count + "\nproperty float x\nproperty float y\nproperty float z\n"
        + "property float nx\nproperty float ny\nproperty float nz\n"
        + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
        + "element face 12\nproperty list uchar int vertex_indices\nend_header\n" + v + f;
  }

  // ---------------------------------------------------------------- crate.obj + .mtl + .png

  static String crateObj() {
    StringBuilder s = new StringBuilder("# thumbnail-worker SampleModels: textured crate with a lid\nmtllib crate.mtl\n");
    List<float[]> pos = new ArrayList<>(), nrm = new ArrayList<>(), uv = new ArrayList<>();
    List<Integer> idx = new ArrayList<>();
    addBox(pos, nrm, uv, idx, -1f, -0.7f, -0.7f, 1f, 0.7f, 0.7f);
    int lid = pos.size();
    addBox(pos, nrm, uv, idx, -0.3f, 0.7f, -0.3f, 0.9f, 0.9f, 0.3f);
    // proper per-face UVs for the crate body (addBox puts constant UVs)
    for (int face = 0; face < 6; face++) {
      uv.set(face * 4, new float[] {0, 1});
      uv.set(face * 4 + 1, new float[] {1, 1});
      uv.set(face * 4 + 2, new float[] {1, 0});
      uv.set(face * 4 + 3, new float[] {0, 0});
    }
    for (float[] p : pos) s.append(String.format(Locale.ROOT, "v %.4f %.4f %.4f%n", p[0], p[1], p[2]));
    for (float[] t : uv) s.append(String.format(Locale.ROOT, "vt %.4f %.4f%n", t[0], 1 - t[1]));
    for (float[] n : nrm) s.append(String.format(Locale.ROOT, "vn %.0f %.0f %.0f%n", n[0], n[1], n[2]));
    s.append("usemtl wood\n");
    for (int i = 0; i < idx.size(); i += 3) {
      if (i == 36) s.append("usemtl lid\n");
      int a = idx.get(i) + 1, b = idx.get(i + 1) + 1, c = idx.get(i + 2) + 1;
      s.append(String.format("f %d/%d/%d %d/%d/%d %d/%d/%d%n", a, a, a, b, b, b, c, c, c));
    }
    assert lid == 24;
    return s.toString();
  }

  static String crateMtl() {
    return "newmtl wood\nKd 1.0 1.0 1.0\nKs 0.2 0.2 0.2\nNs 20\nmap_Kd crate.png\n\n"
        + "newmtl lid\nKd 0.75 0.15 0.12\nKs 0.3 0.3 0.3\nNs 40\n";
  }

  private static BufferedImage crateTexture() {
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(176, 122, 62));
    g.fillRect(0, 0, 256, 256);
    for (int y = 0; y < 256; y += 32) {
      g.setColor(y % 64 == 0 ? new Color(150, 98, 45) : new Color(190, 136, 75));
      g.fillRect(0, y + 2, 256, 28);
    }
    g.setColor(new Color(92, 56, 24));
    g.setStroke(new BasicStroke(14));
    g.drawRect(7, 7, 242, 242);
    g.drawLine(10, 10, 246, 246);
    g.setColor(new Color(30, 60, 160));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
    g.drawString("TW", 150, 96);
    g.dispose();
    return img;
  }

  // ---------------------------------------------------------------- torus-knot.stl

  static byte[] torusKnotStl() {
    int segs = 200, sides = 16, p = 2, q = 3;
    double tube = 0.28;
    double[][] ring = new double[segs * sides][];
    for (int i = 0; i < segs; i++) {
      double t = 2 * Math.PI * i / segs;
      double[] c = knot(t, p, q), c2 = knot(t + 1e-3, p, q);
      double[] tan = norm(sub(c2, c));
      double[] bin = norm(cross(tan, norm(c)));
      double[] nor = cross(bin, tan);
      for (int j = 0; j < sides; j++) {
        double a = 2 * Math.PI * j / sides;
        double ca = Math.cos(a) * tube, sa = Math.sin(a) * tube;
        ring[i * sides + j] = new double[] {c[0] + ca * nor[0] + sa * bin[0], c[1] + ca * nor[1] + sa * bin[1], c[2] + ca * nor[2] + sa * bin[2]};
      }
    }
    int tris = segs * sides * 2;
    ByteBuffer b = ByteBuffer.allocate(84 + 50 * tris).order(ByteOrder.LITTLE_ENDIAN);
    byte[] header = "binary STL: thumbnail-worker SampleModels torus knot (2,3)".getBytes(StandardCharsets.US_ASCII);
    b.put(header).position(80);
    b.putInt(tris);
    for (int i = 0; i < segs; i++) {
      for (int j = 0; j < sides; j++) {
        double[] a = ring[i * sides + j], bb = ring[((i + 1) % segs) * sides + j];
        double[] c = ring[((i + 1) % segs) * sides + (j + 1) % sides], d = ring[i * sides + (j + 1) % sides];
        facet(b, a, bb, c);
        facet(b, a, c, d);
      }
    }
    return b.array();
  }

  private static double[] knot(double t, int p, int q) {
    double r = 2 + Math.cos(q * t);
    return new double[] {r * Math.cos(p * t) * 0.5, Math.sin(q * t) * 0.5 + 0.15 * Math.cos(t), r * Math.sin(p * t) * 0.5};
  }

  private static void facet(ByteBuffer b, double[] a, double[] c, double[] d) {
    double[] n = norm(cross(sub(c, a), sub(d, a)));
    for (double v : n) b.putFloat((float) v);
    for (double[] p : new double[][] {a, c, d}) for (double v : p) b.putFloat((float) v);
    b.putShort((short) 0);
  }

  private static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }
  private static double[] norm(double[] a) {
    double l = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    return l == 0 ? a : new double[] {a[0] / l, a[1] / l, a[2] / l};
  }

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
