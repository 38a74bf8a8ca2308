package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The form of {@code POST /texture-sets} (ours): {@code file} parts, and for each file, in the same order, one
 * {@code textureType} value (a type, {@code Albedo} or its number, or for a packed file a list such as
 * {@code AO:R,Roughness:G,Metallic:B}) and optionally one {@code sourceChannel} value (R, G, B, A, RGB or 1–5; blank
 * for the type's default); {@code name}, {@code kind} (Universal by default), {@code previewGeometryType} (plane,
 * sphere, box, cylinder, torus) and {@code uvScale} (above 0). The set follows Modelibr's rules: one texture per type
 * (SplitChannel excepted), Height/Displacement/Bump and Roughness/Glossiness exclusive.
 */
record TextureSetForm(TextureSetQueries.NewSet set, List<UploadForm.FilePart> files, List<Entry> entries) {
  /** One texture: its type and channel, read from file {@code fileIndex}. */
  record Entry(TextureType type, int channel, int fileIndex) {}

  static final Set<String> GEOMETRIES = Set.of("plane", "sphere", "box", "cylinder", "torus");

  static TextureSetForm parse(UploadForm form) {
    List<UploadForm.FilePart> files = form.files();
    if (files.isEmpty()) throw form.missingFile("send the textures as 'file' parts");
    for (UploadForm.FilePart f : files) {
      if (!f.field().equals("file")) throw ApiException.badRequest("send the textures in fields named 'file', not '" + f.field() + "'");
      UploadNames.checkUploadName(f.fileName());
      if (f.size() == 0) throw ApiException.badRequest("the texture '" + f.fileName() + "' is empty");
    }
    List<String> types = form.fieldValues("textureType");
    List<String> channels = form.fieldValues("sourceChannel");
    if (types.size() != files.size()) {
      throw ApiException.badRequest("send one textureType per file, in the order of the files: got " + types.size()
          + " for " + files.size() + " file(s)");
    }
    if (!channels.isEmpty() && channels.size() != files.size()) {
      throw ApiException.badRequest("send no sourceChannel, or one per file (blank for the default): got " + channels.size());
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) entries.addAll(entries(types.get(i), channels.isEmpty() ? "" : channels.get(i), i));
    checkRules(entries);
    return new TextureSetForm(set(form, files.get(0).fileName()), files, entries);
  }

  private static List<Entry> entries(String typeValue, String channel, int fileIndex) {
    List<Entry> out = new ArrayList<>();
    if (!typeValue.contains(":")) {
      TextureType t = TextureType.parse(typeValue);
      out.add(new Entry(t, t.channel(channel), fileIndex));
      return out;
    }
    if (!channel.isBlank()) throw ApiException.badRequest("'" + typeValue + "' names its channels; leave its sourceChannel blank");
    for (String item : typeValue.split(",")) {
      String[] tc = item.split(":", 2);
      TextureType t = TextureType.parse(tc[0]);
      out.add(new Entry(t, t.channel(tc.length > 1 ? tc[1] : ""), fileIndex));
    }
    return out;
  }

  private static void checkRules(List<Entry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      for (int j = i + 1; j < entries.size(); j++) {
        TextureType a = entries.get(i).type();
        TextureType b = entries.get(j).type();
        if (a == b && a != TextureType.SplitChannel) throw ApiException.badRequest("a texture set holds one " + a + " texture");
        if (a.excludes(b)) throw ApiException.badRequest("a texture set cannot hold both " + a + " and " + b);
      }
    }
  }

  private static TextureSetQueries.NewSet set(UploadForm form, String firstFile) {
    String geometry = form.field("previewGeometryType");
    geometry = geometry == null || geometry.isBlank() ? "plane" : geometry.trim().toLowerCase(Locale.ROOT);
    if (!GEOMETRIES.contains(geometry)) throw ApiException.badRequest("previewGeometryType must be one of " + GEOMETRIES);
    String rawScale = form.field("uvScale");
    double uvScale;
    try {
      uvScale = rawScale == null || rawScale.isBlank() ? 1.0 : Double.parseDouble(rawScale.trim());
    } catch (NumberFormatException e) {
      uvScale = -1;
    }
    if (!(uvScale > 0) || Double.isInfinite(uvScale)) throw ApiException.badRequest("uvScale must be a number above 0, got '" + rawScale + "'");
    return new TextureSetQueries.NewSet(AssetNames.name(form, firstFile), TextureSetQueries.parseKind(form.field("kind")),
        uvScale, geometry);
  }
}
