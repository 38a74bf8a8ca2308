package io.thumbnailworker.render.material;

import io.thumbnailworker.bus.MaterialOverride;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.render.ModelData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Texture sets to materials and their textures, without GL: the rules, the channels, the packing, the failures. */
class TextureSetMaterialTest {
  @TempDir
  Path dir;

  private Path solid(String name, int argb) throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, argb);
    Path file = dir.resolve(name);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  private static TextureMap map(String type, Path file, String channel) {
    return new TextureMap(type, file, channel);
  }

  /** Bytes A, B, G, R of the first pixel of texture {@code index}. */
  private static int[] pixel(TextureSetImages images, int index) {
    byte[] b = images.textures().get(index).abgr();
    return new int[] {b[0] & 255, b[1] & 255, b[2] & 255, b[3] & 255};
  }

  @Test
  @DisplayName("without maps a texture set is the plain material: (0.7, 0.7, 0.9), metalness 0, roughness 0.8, opaque")
  void defaults() {
    TextureSetImages images = new TextureSetImages(List.of(), new ArrayList<>());
    ModelData.Material m = TextureSetMaterial.build(List.of(), 1, true, images);
    assertArrayEquals(new float[] {0.7f, 0.7f, 0.9f, 1}, m.baseColor());
    assertEquals(0f, m.metallic());
    assertEquals(0.8f, m.roughness());
    assertArrayEquals(new float[] {0, 0, 0}, m.emissive());
    assertTrue(m.pbr());
    assertFalse(m.blend());
    assertEquals(-1, m.maps().baseColor());
    assertEquals(-1, m.maps().surface());
    assertTrue(images.textures().isEmpty());
  }

  @Test
  @DisplayName("a packed image's channels go to occlusion R, roughness G, metalness B, opacity A of the surface map")
  void packsChannels() throws IOException {
    Path orm = solid("orm.png", 0x40a080ff);   // A 0x40, R 0xa0, G 0x80, B 0xff
    TextureSetImages images = new TextureSetImages(List.of(), new ArrayList<>());
    ModelData.Material m = TextureSetMaterial.build(List.of(map("AO", orm, "R"), map("Roughness", orm, "G"),
        map("Metallic", orm, "B"), map("Alpha", orm, "A")), 1, true, images);
    assertEquals(1f, m.metallic());
    assertEquals(1f, m.roughness());
    assertTrue(m.blend(), "an alpha map makes the material see-through");
    assertArrayEquals(new int[] {0x40, 0xff, 0x80, 0xa0}, pixel(images, m.maps().surface()), "A=alpha B=metal G=rough R=ao");

    TextureSetImages swapped = new TextureSetImages(List.of(), new ArrayList<>());
    ModelData.Material s = TextureSetMaterial.build(List.of(map("AO", orm, "B"), map("Metallic", orm, "R")), 1, true, swapped);
    assertArrayEquals(new int[] {0xff, 0xa0, 0xff, 0xff}, pixel(swapped, s.maps().surface()), "missing maps are 1");
    assertEquals(0.8f, s.roughness(), "no roughness map: the factor alone");
  }

  @Test
  @DisplayName("glossiness is inverted roughness; maps read as RGB take the channel the browser reads")
  void glossinessAndRgb() throws IOException {
    Path img = solid("mixed.png", 0xff204060);   // R 0x20, G 0x40, B 0x60
    TextureSetImages images = new TextureSetImages(List.of(), new ArrayList<>());
    ModelData.Material m = TextureSetMaterial.build(List.of(map("Glossiness", img, "R"), map("AO", img, "RGB"),
        map("Metallic", img, "RGB")), 1, true, images);
    assertEquals(1f, m.roughness());
    assertArrayEquals(new int[] {0xff, 0x60, 0xff - 0x20, 0x20}, pixel(images, m.maps().surface()));
    TextureSetImages rgb = new TextureSetImages(List.of(), new ArrayList<>());
    ModelData.Material g = TextureSetMaterial.build(List.of(map("Glossiness", img, "RGB")), 1, true, rgb);
    assertEquals(0xff - 0x40, pixel(rgb, g.maps().surface())[2], "glossiness as RGB: green, inverted");
  }

  @Test
  @DisplayName("colour maps: RGB kept as sRGB; one channel becomes a linear grey; white base and emissive with them")
  void colourMaps() throws IOException {
    Path img = solid("albedo.png", 0xff80c020);
    TextureSetImages images = new TextureSetImages(List.of(new ModelData.Texture(1, 1, new byte[4])), new ArrayList<>());
    ModelData.Material m = TextureSetMaterial.build(List.of(map("Albedo", img, "RGB"), map("Emissive", img, "R")), 2, true, images);
    assertArrayEquals(new float[] {1, 1, 1, 1}, m.baseColor());
    assertArrayEquals(new float[] {1, 1, 1}, m.emissive());
    assertEquals(1, m.maps().baseColor(), "after the texture already there");
    assertArrayEquals(new int[] {0xff, 0x20, 0xc0, 0x80}, pixel(images, m.maps().baseColor()));
    int grey = (int) Math.round(255 * (1.055 * Math.pow(0x80 / 255.0, 1 / 2.4) - 0.055));
    assertArrayEquals(new int[] {0xff, grey, grey, grey}, pixel(images, m.maps().emissive()), "linear 0x80 stored sRGB-encoded");
  }

  @Test
  @DisplayName("uvScale repeats the maps; images are placed bottom row first except on glTF")
  void uvTransform() {
    TextureSetImages images = new TextureSetImages(List.of(), new ArrayList<>());
    assertArrayEquals(new float[] {4, 4, 0, -3}, TextureSetMaterial.build(List.of(), 4, true, images).maps().uvTransform());
    assertArrayEquals(new float[] {4, 4, 0, 0}, TextureSetMaterial.build(List.of(), 4, false, images).maps().uvTransform());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0.5f}, TextureSetMaterial.build(List.of(), 0.5, true, images).maps().uvTransform());
  }

  @Test
  @DisplayName("a file is decoded once however many maps and sets use it; one that cannot be decoded is a warning")
  void decodesOnceAndWarns() throws IOException {
    Path img = solid("shared.png", 0xff808080);
    Path broken = Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
    List<String> warnings = new ArrayList<>();
    TextureSetImages images = new TextureSetImages(List.of(), warnings);
    ModelData.Material a = TextureSetMaterial.build(List.of(map("Albedo", img, "RGB"), map("Normal", img, "RGB")), 1, true, images);
    ModelData.Material b = TextureSetMaterial.build(List.of(map("Albedo", img, "RGB"), map("Metallic", broken, "R"),
        map("Roughness", broken, "G")), 1, true, images);
    assertEquals(a.maps().baseColor(), a.maps().normal(), "one image, one texture");
    assertEquals(a.maps().baseColor(), b.maps().baseColor());
    assertEquals(1, images.textures().size());
    assertEquals(0f, b.metallic(), "the undecodable metalness map is left out");
    assertEquals(0.8f, b.roughness());
    assertEquals(1, warnings.size(), "one warning for the file: " + warnings);
    assertTrue(warnings.get(0).startsWith("texture set image 'broken.jpg' could not be decoded"), warnings.get(0));
  }

  private static ModelData model() {
    float[] p = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    List<ModelData.Mesh> meshes = new ArrayList<>();
    for (int i = 0; i < 3; i++) meshes.add(new ModelData.Mesh(p, p, new float[6], null, new int[] {0, 1, 2}, i % 2));
    ModelData.Material left = ModelData.Material.neutral().as("Left", true);
    ModelData.Material right = ModelData.Material.neutral().as("Right", false);
    return new ModelData(meshes, List.of(left, right), List.of(), List.of("from the import"), 3);
  }

  @Test
  @DisplayName("overrides replace materials by exact name, the later winning, keeping the name and sidedness")
  void overridesByName() throws IOException {
    Path red = solid("red.png", 0xffff0000);
    MaterialOverride all = new MaterialOverride("", 1, List.of(new TextureMap("Albedo", red, "RGB")));
    MaterialOverride right = new MaterialOverride("Right", 2, List.of());
    MaterialOverride none = new MaterialOverride("left", 1, List.of());
    ModelData out = MaterialOverrides.apply(model(), List.of(all, right, none), true);
    ModelData.Material m0 = out.materials().get(out.meshes().get(0).material());
    ModelData.Material m1 = out.materials().get(out.meshes().get(1).material());
    assertEquals(out.meshes().get(0).material(), out.meshes().get(2).material(), "meshes of one material share its replacement");
    assertEquals("Left", m0.name());
    assertTrue(m0.doubleSided());
    assertEquals(0, m0.maps().baseColor(), "the set's albedo on Left");
    assertEquals("Right", m1.name());
    assertFalse(m1.doubleSided());
    assertEquals(-1, m1.maps().baseColor(), "the later set on Right");
    assertEquals(2f, m1.maps().uvTransform()[0]);
    assertEquals(List.of("from the import", "no material is named 'left'; its texture set is not applied"), out.warnings());
    ModelData same = model();
    assertSame(same, MaterialOverrides.apply(same, List.of(), true));
  }

  @Test
  @DisplayName("material names and maps cross the process boundary in the model file")
  void codecKeepsMaterials() throws IOException {
    ModelData.Material m = new ModelData.Material("Stoff ü", new float[] {1, 0.5f, 0.25f, 0.5f}, 1, 0.3f,
        new float[] {1, 1, 1}, new ModelData.Maps(0, -1, 0, -1, new float[] {4, 4, 0, -3}), true, false, true);
    ModelData.Mesh mesh = model().meshes().get(0);
    ModelData data = new ModelData(List.of(mesh), List.of(m), List.of(new ModelData.Texture(1, 1, new byte[] {1, 2, 3, 4})),
        List.of("w"), 1);
    Path file = dir.resolve("model.bin");
    data.write(file);
    ModelData.Material back = ModelData.read(file).materials().get(0);
    assertEquals("Stoff ü", back.name());
    assertArrayEquals(m.baseColor(), back.baseColor());
    assertEquals(0.3f, back.roughness());
    assertArrayEquals(new float[] {4, 4, 0, -3}, back.maps().uvTransform());
    assertEquals(0, back.maps().surface());
    assertEquals(-1, back.maps().emissive());
    assertTrue(back.blend());
    assertFalse(back.doubleSided());
    ModelData.Material cut = new ModelData.Material("Leaf", m.baseColor(), 0, 1, m.emissive(), m.maps(), true, true, false, 0.4f);
    data = new ModelData(List.of(mesh), List.of(cut), data.textures(), List.of(), 1);
    data.write(file);
    back = ModelData.read(file).materials().get(0);
    assertEquals(0.4f, back.alphaCutoff());
    assertTrue(back.masked());
    assertFalse(back.blend());
  }
}
