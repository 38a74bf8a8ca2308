package io.thumbnailworker.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntBinaryOperator;

/**
 * Small models written by the tests: quads facing +z as a glTF (JSON, .bin and PNG images beside it) with materials
 * as the test gives them, and a COLLADA quad whose texture coordinates are in a chosen set.
 */
final class TestScenes {
  /** A quad from (x0, y0) to (x1, y1) at depth z, facing +z, with texture coordinates 0..1 (glTF's v down). */
  record Quad(float x0, float y0, float x1, float y1, float z, int material) {}

  private TestScenes() {}

  /** An RGBA image whose pixel (x, y) is {@code argb(x, y)}. */
  static BufferedImage image(int w, int h, IntBinaryOperator argb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb.applyAsInt(x, y));
    return img;
  }

  /**
   * Writes {@code dir/scene.gltf}: one mesh per quad, in the order given; texture i samples image i (written as
   * {@code dir/image<i>.png}); {@code materials} are glTF material objects.
   */
  static Path gltf(Path dir, List<Quad> quads, JsonArray materials, List<BufferedImage> images) throws IOException {
    Files.createDirectories(dir);
    int n = quads.size();
    ByteBuffer bin = ByteBuffer.allocate(n * (4 * 32 + 6 * 4)).order(ByteOrder.LITTLE_ENDIAN);
    JsonArray views = new JsonArray(), accessors = new JsonArray(), meshes = new JsonArray(), nodes = new JsonArray();
    for (int q = 0; q < n; q++) {
      Quad d = quads.get(q);
      int start = bin.position();
      float[][] corners = {{d.x0, d.y0, 0, 1}, {d.x1, d.y0, 1, 1}, {d.x1, d.y1, 1, 0}, {d.x0, d.y1, 0, 0}};
      for (float[] c : corners) bin.putFloat(c[0]).putFloat(c[1]).putFloat(d.z);
      for (int i = 0; i < 4; i++) bin.putFloat(0).putFloat(0).putFloat(1);
      for (float[] c : corners) bin.putFloat(c[2]).putFloat(c[3]);
      for (int i : new int[] {0, 1, 2, 0, 2, 3}) bin.putInt(i);
      int a = accessors.size();
      views.add(view(start, 48)).add(view(start + 48, 48)).add(view(start + 96, 32)).add(view(start + 128, 24));
      accessors.add(accessor(a, 5126, 4, "VEC3").put("min", new JsonArray().add(d.x0).add(d.y0).add(d.z))
              .put("max", new JsonArray().add(d.x1).add(d.y1).add(d.z)))
          .add(accessor(a + 1, 5126, 4, "VEC3")).add(accessor(a + 2, 5126, 4, "VEC2")).add(accessor(a + 3, 5125, 6, "SCALAR"));
      meshes.add(new JsonObject().put("primitives", new JsonArray().add(new JsonObject()
          .put("attributes", new JsonObject().put("POSITION", a).put("NORMAL", a + 1).put("TEXCOORD_0", a + 2))
          .put("indices", a + 3).put("material", d.material))));
      nodes.add(new JsonObject().put("mesh", q));
    }
    Files.write(dir.resolve("scene.bin"), java.util.Arrays.copyOf(bin.array(), bin.position()));
    JsonArray imgs = new JsonArray(), textures = new JsonArray();
    for (int i = 0; i < images.size(); i++) {
      ImageIO.write(images.get(i), "png", dir.resolve("image" + i + ".png").toFile());
      imgs.add(new JsonObject().put("uri", "image" + i + ".png"));
      textures.add(new JsonObject().put("source", i));
    }
    JsonArray roots = new JsonArray();
    for (int q = 0; q < n; q++) roots.add(q);
    JsonObject json = new JsonObject()
        .put("asset", new JsonObject().put("version", "2.0"))
        .put("extensionsUsed", new JsonArray().add("KHR_materials_emissive_strength").add("KHR_materials_pbrSpecularGlossiness"))
        .put("scene", 0).put("scenes", new JsonArray().add(new JsonObject().put("nodes", roots)))
        .put("nodes", nodes).put("meshes", meshes).put("materials", materials)
        .put("buffers", new JsonArray().add(new JsonObject().put("uri", "scene.bin").put("byteLength", bin.position())))
        .put("bufferViews", views).put("accessors", accessors);
    if (!images.isEmpty()) json.put("images", imgs).put("textures", textures);
    Path file = dir.resolve("scene.gltf");
    Files.writeString(file, json.encodePrettily());
    return file;
  }

  private static JsonObject view(int offset, int length) {
    return new JsonObject().put("buffer", 0).put("byteOffset", offset).put("byteLength", length);
  }

  private static JsonObject accessor(int view, int type, int count, String kind) {
    return new JsonObject().put("bufferView", view).put("componentType", type).put("count", count).put("type", kind);
  }

  /** A glTF metallic-roughness material: linear base colour, metallic, roughness. */
  static JsonObject pbr(double r, double g, double b, double a, double metallic, double roughness) {
    return new JsonObject().put("pbrMetallicRoughness", new JsonObject()
        .put("baseColorFactor", new JsonArray().add(r).add(g).add(b).add(a))
        .put("metallicFactor", metallic).put("roughnessFactor", roughness));
  }

  static JsonObject texture(int index) {
    return new JsonObject().put("index", index);
  }

  /**
   * A COLLADA 1.4.1 quad facing +z, textured with {@code image} (a file beside it) through texture coordinate set
   * {@code set} (the only set the mesh has).
   */
  static Path colladaQuad(Path dir, String image, int set) throws IOException {
    Files.createDirectories(dir);
    String uvs = "0 0 1 0 1 1 0 1";
    String inputs = "<input semantic=\"TEXCOORD\" source=\"#uv1\" offset=\"1\" set=\"" + set + "\"/>";
    String dae = String.format(Locale.ROOT, """
        <?xml version="1.0" encoding="utf-8"?>
        <COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
          <asset><unit meter="1"/><up_axis>Y_UP</up_axis></asset>
          <library_images><image id="img"><init_from>%1$s</init_from></image></library_images>
          <library_effects><effect id="fx"><profile_COMMON>
            <newparam sid="surf"><surface type="2D"><init_from>img</init_from></surface></newparam>
            <newparam sid="samp"><sampler2D><source>surf</source></sampler2D></newparam>
            <technique sid="common"><lambert><diffuse><texture texture="samp" texcoord="UVSET"/></diffuse></lambert></technique>
          </profile_COMMON></effect></library_effects>
          <library_materials><material id="mat" name="mat"><instance_effect url="#fx"/></material></library_materials>
          <library_geometries><geometry id="quad"><mesh>
            <source id="pos"><float_array id="pos-a" count="12">-1 -1 0 1 -1 0 1 1 0 -1 1 0</float_array>
              <technique_common><accessor source="#pos-a" count="4" stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/></accessor></technique_common></source>
            <source id="uv1"><float_array id="uv1-a" count="8">%2$s</float_array>
              <technique_common><accessor source="#uv1-a" count="4" stride="2"><param name="S" type="float"/><param name="T" type="float"/></accessor></technique_common></source>
            <vertices id="verts"><input semantic="POSITION" source="#pos"/></vertices>
            <triangles material="m" count="2"><input semantic="VERTEX" source="#verts" offset="0"/>%3$s
              <p>0 0 1 1 2 2 0 0 2 2 3 3</p></triangles>
          </mesh></geometry></library_geometries>
          <library_visual_scenes><visual_scene id="scene"><node id="n"><instance_geometry url="#quad"><bind_material><technique_common>
            <instance_material symbol="m" target="#mat"><bind_vertex_input semantic="UVSET" input_semantic="TEXCOORD" input_set="%4$d"/></instance_material>
          </technique_common></bind_material></instance_geometry></node></visual_scene></library_visual_scenes>
          <scene><instance_visual_scene url="#scene"/></scene>
        </COLLADA>
        """, image, uvs, inputs, set);
    Path file = dir.resolve("quad.dae");
    Files.writeString(file, dae);
    return file;
  }
}
