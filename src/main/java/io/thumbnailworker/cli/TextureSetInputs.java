package io.thumbnailworker.cli;

import io.thumbnailworker.bus.TextureMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images of one texture set given on the command line (a folder, or files), each typed by its name: the last word
 * of the file's base name (words split at {@code _ - . } and spaces) that names a type, so {@code bricks_albedo.png},
 * {@code Bricks-BaseColor.jpg} and {@code bricks_diff_2k.png} are all albedo maps (docs/render.md, "Texture sets").
 * An {@code orm} or {@code arm} image is three maps: AO (R), roughness (G) and metalness (B). Scalar maps are read
 * from the red channel (a grey image has it in every channel).
 */
final class TextureSetInputs {
  private static final String[][] WORDS = {
      {"Albedo", "albedo", "basecolor", "color", "colour", "diffuse", "diff", "col"},
      {"Normal", "normal", "normalgl", "nrm", "nor", "norm"},
      {"ORM", "orm", "arm"},
      {"Roughness", "roughness", "rough", "rgh"},
      {"Metallic", "metallic", "metalness", "metal", "met"},
      {"AO", "ao", "occlusion", "ambientocclusion"},
      {"Emissive", "emissive", "emission", "emit"},
      {"Glossiness", "glossiness", "gloss"},
      {"Height", "height", "displacement", "disp"},
      {"Alpha", "alpha", "opacity", "mask"},
      {"Specular", "specular", "spec"}};
  private static final List<String> IMAGE_TYPES = List.of("png", "jpg", "jpeg", "webp", "bmp", "gif", "tga", "tif", "tiff");
  private static final Map<String, String> COLOUR = Map.of("Albedo", "RGB", "Normal", "RGB", "Emissive", "RGB");

  private TextureSetInputs() {}

  /**
   * The maps of the set in {@code inputs}: one folder (its image files) or image files.
   * @throws IllegalArgumentException naming a file whose type its name does not tell, or an empty set
   */
  static List<TextureMap> maps(List<Path> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    if (inputs.size() == 1 && Files.isDirectory(inputs.get(0))) {
      try (Stream<Path> listed = Files.list(inputs.get(0))) {
        listed.filter(Files::isRegularFile).filter(p -> IMAGE_TYPES.contains(extension(p))).sorted().forEach(files::add);
      }
    } else {
      files.addAll(inputs);
    }
    List<TextureMap> maps = new ArrayList<>();
    for (Path f : files) {
      String type = type(f.getFileName().toString());
      if (type == null) {
        throw new IllegalArgumentException("cannot tell the texture type of '" + f.getFileName() + "' from its name "
            + "(end it with _albedo, _normal, _orm, _roughness, _metallic, _ao, _emissive, … : see docs/render.md)");
      }
      if (type.equals("ORM")) {
        maps.add(new TextureMap("AO", f, "R"));
        maps.add(new TextureMap("Roughness", f, "G"));
        maps.add(new TextureMap("Metallic", f, "B"));
      } else {
        maps.add(new TextureMap(type, f, COLOUR.getOrDefault(type, "R")));
      }
    }
    if (maps.isEmpty()) throw new IllegalArgumentException("no texture images in " + inputs);
    return maps;
  }

  /** The type the file's name ends with (its last word that names one); null when none does. */
  static String type(String fileName) {
    String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    String[] words = base.toLowerCase(Locale.ROOT).split("[_\\-. ]+");
    for (int i = words.length - 1; i >= 0; i--) {
      for (String[] type : WORDS) {
        for (int k = 1; k < type.length; k++) if (type[k].equals(words[i])) return type[0];
      }
    }
    return null;
  }

  /** The name the outputs get: the folder's, or the first file's base name up to its type word. */
  static String setName(List<Path> inputs) {
    Path first = inputs.get(0).toAbsolutePath().normalize();
    if (Files.isDirectory(first)) return String.valueOf(first.getFileName());
    String base = first.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String[] words = base.split("[_\\-. ]+");
    return words.length > 1 ? base.substring(0, Math.max(1, base.length() - words[words.length - 1].length() - 1)) : base;
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    return n.contains(".") ? n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
  }
}
