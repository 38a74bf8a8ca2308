package io.thumbnailworker.api;

import java.util.Locale;

/**
 * Modelibr's texture types (numbers as its API sends them; 7, Diffuse, was removed) with the channel each defaults
 * to, and its source channels (R=1, G=2, B=3, A=4, RGB=5), as {@code modelibr-assets.md} §1.1 lists them.
 */
enum TextureType {
  SplitChannel(0, 1), Albedo(1, 5), Normal(2, 5), Height(3, 1), AO(4, 1), Roughness(5, 1), Metallic(6, 1),
  Specular(8, 1), Emissive(9, 5), Bump(10, 1), Alpha(11, 1), Displacement(12, 1), Glossiness(13, 1);

  static final String[] CHANNELS = {null, "R", "G", "B", "A", "RGB"};

  final int number;
  final int defaultChannel;

  TextureType(int number, int defaultChannel) {
    this.number = number;
    this.defaultChannel = defaultChannel;
  }

  /** A type by name (case-insensitive) or number; 400 otherwise. */
  static TextureType parse(String raw) {
    String s = raw == null ? "" : raw.trim();
    for (TextureType t : values()) {
      if (t.name().equalsIgnoreCase(s) || String.valueOf(t.number).equals(s)) return t;
    }
    throw ApiException.badRequest("unknown textureType '" + raw + "'; use one of SplitChannel, Albedo, Normal, Height, AO, "
        + "Roughness, Metallic, Specular, Emissive, Bump, Alpha, Displacement, Glossiness (or their numbers)");
  }

  static TextureType of(int number) {
    for (TextureType t : values()) if (t.number == number) return t;
    throw new IllegalArgumentException("texture type " + number);
  }

  /** A source channel by name (R, G, B, A, RGB) or number (1–5); the type's default when blank. */
  int channel(String raw) {
    if (raw == null || raw.isBlank()) return defaultChannel;
    String s = raw.trim().toUpperCase(Locale.ROOT);
    for (int i = 1; i < CHANNELS.length; i++) if (CHANNELS[i].equals(s) || String.valueOf(i).equals(s)) return i;
    throw ApiException.badRequest("unknown sourceChannel '" + raw + "' for " + name() + "; use R, G, B, A or RGB (1–5)");
  }

  /** The type that cannot be in the same set as this one, if any: Height/Displacement/Bump, Roughness/Glossiness. */
  boolean excludes(TextureType other) {
    boolean heightLike = (this == Height || this == Displacement || this == Bump);
    boolean otherHeightLike = (other == Height || other == Displacement || other == Bump);
    if (heightLike && otherHeightLike) return true;
    return (this == Roughness && other == Glossiness) || (this == Glossiness && other == Roughness);
  }
}
