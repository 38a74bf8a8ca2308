package io.thumbnailworker.backend;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which texture sets a model job's materials get (modelibr-assets.md §4.5), and how a texture set reads (§1.1). */
class ModelibrTexturesTest {
  private static JsonObject mapping(String material, long set, String variant) {
    return new JsonObject().put("materialName", material).put("textureSetId", set).put("variantName", variant);
  }

  private static List<ModelAssets.TextureChoice> choose(String main, Long fallback, JsonObject... mappings) {
    JsonObject job = new JsonObject().put("mainVariantName", main).put("defaultTextureSetId", fallback)
        .put("textureMappings", new JsonArray(List.of((Object[]) mappings)));
    return ModelibrTextures.choose(job);
  }

  private static List<Long> sets(List<ModelAssets.TextureChoice> choices) {
    return choices.stream().map(ModelAssets.TextureChoice::textureSetId).toList();
  }

  @Test
  @DisplayName("the main variant's mappings first; else those without a variant; else the first named variant's; else the default set")
  void variantRules() {
    JsonObject red = mapping("Body", 1, "red"), blue = mapping("Body", 2, "blue"), plain = mapping("", 3, ""),
        redWheels = mapping("Wheel", 4, "red");
    assertEquals(List.of(1L, 4L), sets(choose("red", 9L, red, blue, plain, redWheels)));
    assertEquals(List.of(3L), sets(choose("green", 9L, red, blue, plain)), "main named, no mapping for it: the unnamed ones");
    assertEquals(List.of(3L), sets(choose("", 9L, red, plain)), "main unnamed: the unnamed ones");
    assertEquals(List.of(1L, 4L), sets(choose("", 9L, red, blue, redWheels)), "main unnamed, none unnamed: the first named variant's");
    assertEquals(List.of(9L), sets(choose("green", 9L, red, blue)), "nothing applies: the default set");
    ModelAssets.TextureChoice fallback = choose("green", 9L, red).get(0);
    assertEquals(new ModelAssets.TextureChoice("", 9, true), fallback);
    assertEquals(List.of(), choose("__embedded__", 9L, red, plain), "the model's own materials");
    assertEquals(List.of(), choose("green", null, red));
    assertEquals(new ModelAssets.TextureChoice("Body", 1, false), choose("red", null, red).get(0));
  }

  @Test
  @DisplayName("texture types and channels arrive as numbers; SplitChannel is left out, a repeated type overwrites, defaults fill in")
  void readsSets() {
    JsonObject set = new JsonObject().put("id", 5).put("uvScale", 2.5).put("textures", new JsonArray()
        .add(new JsonObject().put("textureType", 1).put("sourceChannel", 5).put("fileId", 10).put("fileName", "albedo.png"))
        .add(new JsonObject().put("textureType", 4).put("sourceChannel", 1).put("fileId", 11).put("fileName", "orm.png"))
        .add(new JsonObject().put("textureType", 5).put("sourceChannel", 2).put("fileId", 11).put("fileName", "orm.png"))
        .add(new JsonObject().put("textureType", 6).put("sourceChannel", 3).put("fileId", 11).put("fileName", "orm.png"))
        .add(new JsonObject().put("textureType", 0).put("sourceChannel", 1).put("fileId", 12))
        .add(new JsonObject().put("textureType", 2).putNull("sourceChannel").put("fileId", 13))
        .add(new JsonObject().put("textureType", "Emissive").put("fileId", 14))
        .add(new JsonObject().put("textureType", 13).put("fileId", 15))
        .add(new JsonObject().put("textureType", 13).put("sourceChannel", 4).put("fileId", 16))
        .add(new JsonObject().put("textureType", 99).put("fileId", 17)));
    ModelAssets.TextureSet read = ModelibrTextures.readSet(set);
    assertEquals(2.5, read.uvScale());
    assertEquals(List.of(
        new ModelAssets.Texture("Albedo", 10, "RGB", "albedo.png"),
        new ModelAssets.Texture("AO", 11, "R", "orm.png"),
        new ModelAssets.Texture("Roughness", 11, "G", "orm.png"),
        new ModelAssets.Texture("Metallic", 11, "B", "orm.png"),
        new ModelAssets.Texture("Normal", 13, "RGB", null),
        new ModelAssets.Texture("Emissive", 14, "RGB", null),
        new ModelAssets.Texture("Glossiness", 16, "A", null)), read.textures());
    assertEquals(1.0, ModelibrTextures.readSet(new JsonObject().put("uvScale", 0)).uvScale());
    assertTrue(ModelibrTextures.readSet(new JsonObject()).textures().isEmpty());
  }
}
