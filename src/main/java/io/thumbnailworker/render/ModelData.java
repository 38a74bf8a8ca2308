package io.thumbnailworker.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A model flattened for rendering: node transforms baked in, triangles only, textures decoded to RGBA. This is what
 * the importer child process hands back; it is plain data so it crosses the process boundary as one binary file.
 */
public record ModelData(List<Mesh> meshes, List<Material> materials, List<Texture> textures, List<String> warnings,
                        long sourceTriangles) {

  /** One triangle mesh. {@code uvs} (2 per vertex) and {@code colors} (RGBA per vertex) may be null. */
  public record Mesh(float[] positions, float[] normals, float[] uvs, float[] colors, int[] indices, int material) {
    public int triangleCount() { return indices.length / 3; }
  }

  /**
   * {@code name} is the file's name for the material (texture sets replace materials by it; empty when it has none).
   * {@code baseColor} is sRGB RGBA, or linear when {@code pbr}: {@code pbr} marks metallic-roughness materials (glTF's,
   * or one built from a texture set), the others are shaded as plain diffuse with a little gloss. {@code doubleSided}:
   * back faces are drawn too. Only glTF says when a material is single-sided (its default); other formats' windings
   * are too often inconsistent to cull by, so they are always double-sided. {@code blend}: the material is
   * see-through where its alpha (base colour alpha x base texture alpha x surface texture alpha) is below 1, and is
   * drawn after the opaque ones, blended; otherwise alpha is ignored. {@code alphaCutoff} above 0 (and not
   * {@code blend}) cuts the material out where its alpha is below it, as glTF's MASK mode does (leaves, fences).
   */
  public record Material(String name, float[] baseColor, float metallic, float roughness, float[] emissive, Maps maps,
                         boolean pbr, boolean doubleSided, boolean blend, float alphaCutoff) {
    public Material {
      name = name == null ? "" : name;
      if (blend || !(alphaCutoff > 0)) alphaCutoff = 0;
    }

    /** An opaque or blended material, not cut out. */
    public Material(String name, float[] baseColor, float metallic, float roughness, float[] emissive, Maps maps,
                    boolean pbr, boolean doubleSided, boolean blend) {
      this(name, baseColor, metallic, roughness, emissive, maps, pbr, doubleSided, blend, 0);
    }

    /** Cut out where alpha is below {@link #alphaCutoff()}. */
    public boolean masked() { return alphaCutoff > 0; }

    public static Material neutral() {
      return new Material("", new float[] {0.72f, 0.72f, 0.74f, 1f}, 0f, 0.55f, new float[] {0, 0, 0}, Maps.NONE, false,
          true, false);
    }

    public int baseColorTexture() { return maps.baseColor(); }
    public int normalTexture() { return maps.normal(); }

    /** This material under another name and sidedness (a texture set's material takes the place of a model's own). */
    public Material as(String newName, boolean isDoubleSided) {
      return new Material(newName, baseColor, metallic, roughness, emissive, maps, pbr, isDoubleSided, blend, alphaCutoff);
    }
  }

  /**
   * A material's textures, as indices into {@link #textures()} or -1 for none, and the transform of the texture
   * coordinates they are sampled at: {@code uv * (uvTransform[0], uvTransform[1]) + (uvTransform[2], uvTransform[3])},
   * with repeat wrapping. {@code baseColor} and {@code emissive} hold sRGB colours. {@code surface} packs the scalar
   * maps into one linear image, one texture fetch for all of them: R ambient occlusion, G roughness, B metalness (the
   * layout of glTF's occlusion-roughness-metallic images), A opacity; roughness and metalness multiply the material's
   * factors.
   */
  public record Maps(int baseColor, int normal, int surface, int emissive, float[] uvTransform) {
    public static final Maps NONE = of(-1, -1);

    public Maps {
      if (uvTransform == null || uvTransform.length != 4) throw new IllegalArgumentException("uvTransform needs 4 numbers");
    }

    /** A base colour and a normal map sampled at the mesh's own texture coordinates. */
    public static Maps of(int baseColor, int normal) {
      return new Maps(baseColor, normal, -1, -1, new float[] {1, 1, 0, 0});
    }
  }

  /** Decoded texture: {@code abgr} holds width*height*4 bytes in A,B,G,R order, rows top-down. */
  public record Texture(int width, int height, byte[] abgr) {}

  /** Triangles drawn (after level-of-detail reduction); {@link #sourceTriangles()} is what the file holds. */
  public long triangleCount() {
    long n = 0;
    for (Mesh m : meshes) n += m.triangleCount();
    return n;
  }

  // ---- binary codec (same JVM build on both sides, so no versioning) ----

  private static final int MAGIC = 0x544D4431; // "TMD1"

  public void write(Path file) throws IOException {
    long size = 64;
    for (Mesh m : meshes) size += 64 + 4L * (m.positions.length + m.normals.length + len(m.uvs) + len(m.colors) + m.indices.length);
    for (Material mat : materials) size += 128 + 4L * mat.name.length();
    for (Texture t : textures) size += 16 + t.abgr.length;
    for (String w : warnings) size += 8 + 4L * w.length();
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.nativeOrder());
    b.putInt(MAGIC).putLong(sourceTriangles).putInt(meshes.size()).putInt(materials.size()).putInt(textures.size()).putInt(warnings.size());
    for (Mesh m : meshes) {
      b.putInt(m.material);
      putFloats(b, m.positions);
      putFloats(b, m.normals);
      putFloats(b, m.uvs);
      putFloats(b, m.colors);
      b.putInt(m.indices.length);
      b.asIntBuffer().put(m.indices);
      b.position(b.position() + 4 * m.indices.length);
    }
    for (Material mat : materials) writeMaterial(b, mat);
    for (Texture t : textures) {
      b.putInt(t.width).putInt(t.height).putInt(t.abgr.length).put(t.abgr);
    }
    for (String w : warnings) putString(b, w);
    b.flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (b.hasRemaining()) ch.write(b);
    }
  }

  public static ModelData read(Path file) throws IOException {
    ByteBuffer b;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      b = ByteBuffer.allocate(Math.toIntExact(ch.size())).order(ByteOrder.nativeOrder());
      while (b.hasRemaining() && ch.read(b) >= 0) { /* fill */ }
      b.flip();
    }
    if (b.getInt() != MAGIC) throw new IOException("importer output is not a model file");
    long source = b.getLong();
    int nm = b.getInt(), nmat = b.getInt(), nt = b.getInt(), nw = b.getInt();
    List<Mesh> meshes = new ArrayList<>(nm);
    for (int i = 0; i < nm; i++) {
      int mat = b.getInt();
      float[] p = getFloats(b), n = getFloats(b), uv = getFloats(b), c = getFloats(b);
      int[] idx = new int[b.getInt()];
      b.asIntBuffer().get(idx);
      b.position(b.position() + 4 * idx.length);
      meshes.add(new Mesh(p, n, uv, c, idx, mat));
    }
    List<Material> materials = new ArrayList<>(nmat);
    for (int i = 0; i < nmat; i++) materials.add(readMaterial(b));
    List<Texture> textures = new ArrayList<>(nt);
    for (int i = 0; i < nt; i++) {
      int w = b.getInt(), h = b.getInt();
      byte[] px = new byte[b.getInt()];
      b.get(px);
      textures.add(new Texture(w, h, px));
    }
    List<String> warnings = new ArrayList<>(nw);
    for (int i = 0; i < nw; i++) warnings.add(getString(b));
    return new ModelData(meshes, materials, textures, warnings, source);
  }

  private static void writeMaterial(ByteBuffer b, Material mat) {
    putString(b, mat.name);
    putFloats(b, mat.baseColor);
    b.putFloat(mat.metallic).putFloat(mat.roughness);
    putFloats(b, mat.emissive);
    Maps m = mat.maps;
    b.putInt(m.baseColor()).putInt(m.normal()).putInt(m.surface()).putInt(m.emissive());
    putFloats(b, m.uvTransform());
    b.put((byte) (mat.pbr ? 1 : 0)).put((byte) (mat.doubleSided ? 1 : 0)).put((byte) (mat.blend ? 1 : 0));
    b.putFloat(mat.alphaCutoff);
  }

  private static Material readMaterial(ByteBuffer b) {
    String name = getString(b);
    float[] base = getFloats(b);
    float metal = b.getFloat(), rough = b.getFloat();
    float[] emissive = getFloats(b);
    Maps maps = new Maps(b.getInt(), b.getInt(), b.getInt(), b.getInt(), getFloats(b));
    boolean pbr = b.get() == 1, doubleSided = b.get() == 1, blend = b.get() == 1;
    return new Material(name, base, metal, rough, emissive, maps, pbr, doubleSided, blend, b.getFloat());
  }

  private static void putString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private static int len(float[] a) { return a == null ? 0 : a.length; }

  private static void putFloats(ByteBuffer b, float[] a) {
    if (a == null) {
      b.putInt(-1);
      return;
    }
    b.putInt(a.length);
    b.asFloatBuffer().put(a);
    b.position(b.position() + 4 * a.length);
  }

  private static float[] getFloats(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) return null;
    float[] a = new float[n];
    b.asFloatBuffer().get(a);
    b.position(b.position() + 4 * n);
    return a;
  }
}
