package io.thumbnailworker.render.material;

import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.render.ModelData;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A texture set as a material, by Modelibr's rules (docs/render.md, "Texture-set materials"): base colour white with
 * an Albedo map else (0.7, 0.7, 0.9) (linear); metalness 1 with a Metallic map else 0; roughness 1 with a Roughness
 * map (or a Glossiness map, inverted) else 0.8; Normal map; AO map; emissive white x Emissive map; an Alpha map makes
 * it see-through. Every map repeats {@code uvScale} times. Specular, Height, Bump and Displacement maps are not drawn.
 *
 * <p>A map names the channel that holds it. Colour maps (Albedo, Emissive) read as RGB are sRGB; read from one
 * channel they are a linear grey. Normal maps are always RGB. The scalar maps (AO, Roughness, Glossiness, Metallic,
 * Alpha) are packed into one surface image; read as RGB they take the channel the browser's renderer reads (AO red,
 * roughness and alpha green, metalness blue), which is any channel of a grey image.
 *
 * <p>Independent of how the geometry came: a model's meshes ({@link MaterialOverrides}) or a generated preview
 * shape. Runs where images are decoded, in the importer process.
 */
public final class TextureSetMaterial {
  private TextureSetMaterial() {}

  /**
   * The material of one texture set; its textures are added to {@code images}' list.
   * @param flipY whether images are placed as the browser places images that it flips on upload (every format but
   *     glTF): their bottom row at texture coordinate v = 0, which matters once they repeat a fractional number of times
   */
  public static ModelData.Material build(List<TextureMap> maps, double uvScale, boolean flipY, TextureSetImages images) {
    Map<String, TextureMap> byType = new HashMap<>();
    for (TextureMap m : maps) byType.put(m.type().toLowerCase(Locale.ROOT), m);   // a repeated type: the last wins
    ModelData.Texture albedo = colour(byType.get("albedo"), images);
    ModelData.Texture emissive = colour(byType.get("emissive"), images);
    TextureMap normalMap = byType.get("normal");
    ModelData.Texture normal = normalMap == null ? null : images.image(normalMap);
    Channels.Plane rough = plane(byType.get("roughness"), "G", false, images);
    if (rough == null) rough = plane(byType.get("glossiness"), "G", true, images);
    Channels.Plane ao = plane(byType.get("ao"), "R", false, images);
    Channels.Plane metal = plane(byType.get("metallic"), "B", false, images);
    Channels.Plane alpha = plane(byType.get("alpha"), "G", false, images);
    boolean surface = ao != null || rough != null || metal != null || alpha != null;
    float s = (float) (uvScale > 0 && Double.isFinite(uvScale) ? uvScale : 1);
    ModelData.Maps textures = new ModelData.Maps(images.add(albedo), images.add(normal),
        surface ? images.add(Channels.pack(ao, rough, metal, alpha)) : -1, images.add(emissive),
        new float[] {s, s, 0, flipY ? 1 - s : 0});
    float[] base = albedo != null ? new float[] {1, 1, 1, 1} : new float[] {0.7f, 0.7f, 0.9f, 1};
    float[] glow = emissive != null ? new float[] {1, 1, 1} : new float[] {0, 0, 0};
    return new ModelData.Material("", base, metal != null ? 1 : 0, rough != null ? 1 : 0.8f, glow, textures, true, true,
        alpha != null);
  }

  /** A colour map: the image as it is when read as RGB, else a grey image of its channel. */
  private static ModelData.Texture colour(TextureMap map, TextureSetImages images) {
    ModelData.Texture image = map == null ? null : images.image(map);
    if (image == null || map.channel().equals("RGB")) return image;
    return Channels.grey(image, Channels.offset(map.channel()));
  }

  /** A scalar map's channel; {@code rgbChannel} when the map is read as RGB. */
  private static Channels.Plane plane(TextureMap map, String rgbChannel, boolean invert, TextureSetImages images) {
    ModelData.Texture image = map == null ? null : images.image(map);
    if (image == null) return null;
    String channel = map.channel().equals("RGB") ? rgbChannel : map.channel();
    return new Channels.Plane(image, Channels.offset(channel), invert);
  }
}
