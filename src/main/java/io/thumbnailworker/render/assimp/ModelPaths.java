package io.thumbnailworker.render.assimp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Resolves file names found inside a model (buffer URIs, MTL and texture paths) against the model's own directory,
 * and nowhere else: no absolute paths, no drive letters, no URLs, no {@code ..} above the directory, no symbolic links
 * leading out of it. Windows {@code \} separators are accepted, and a name whose case differs from the file on disk
 * is found by a case-insensitive match (uploads made on Windows often reference {@code TEST.PNG} for {@code test.png}).
 * A name that matches nothing as written is tried once more percent-decoded: glTF URIs escape spaces and other
 * characters ({@code Milk%20Truck.png}, as Blender writes them), and Assimp passes them on undecoded.
 */
public final class ModelPaths {
  private final Path root;

  public ModelPaths(Path modelDir) throws IOException {
    this.root = modelDir.toRealPath();
  }

  public Path root() { return root; }

  /** The file inside the model directory, or null when the name is refused or nothing matches. */
  public Path resolve(String name) {
    Path p = resolveAsWritten(name);
    if (p != null || name == null || name.indexOf('%') < 0) return p;
    String decoded = percentDecoded(name);
    return decoded == null || decoded.equals(name) ? null : resolveAsWritten(decoded);
  }

  private Path resolveAsWritten(String name) {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) return null;
    String n = name.replace('\\', '/').trim();
    if (n.contains(":") || n.startsWith("/")) return null;   // URLs, drive letters, data URIs, absolute paths
    Deque<String> parts = new ArrayDeque<>();
    for (String part : n.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (parts.isEmpty()) return null;
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    if (parts.isEmpty()) return null;
    Path p = root;
    for (String part : parts) {
      Path exact = p.resolve(part);
      if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
        p = exact;
        continue;
      }
      Path folded = findIgnoringCase(p, part);
      if (folded == null) return null;
      p = folded;
    }
    return inside(p);
  }

  /**
   * Like {@link #resolve}, and when that finds nothing, the last path segment looked up in the model directory: an
   * absolute {@code D:\art\tex.jpg} exported from another machine often ships next to the model as {@code tex.jpg}.
   */
  public Path resolveTexture(String name) {
    Path p = resolve(name);
    if (p != null) return p;
    if (name == null) return null;
    String n = name.replace('\\', '/');
    if (n.contains("://")) return null;
    String base = n.substring(n.lastIndexOf('/') + 1);
    if (base.isEmpty() || base.equals("..") || base.equals(".")) return null;
    return resolve(base);
  }

  /** RFC 3986 percent-decoding as UTF-8 ({@code +} stays); null when an escape is malformed. */
  static String percentDecoded(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) return null;
        int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return null;
        out.write(hi << 4 | lo);
        i += 3;
      } else {
        int end = i + Character.charCount(s.codePointAt(i));
        out.writeBytes(s.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        i = end;
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private Path inside(Path p) {
    try {
      Path real = p.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Path findIgnoringCase(Path dir, String name) {
    if (!Files.isDirectory(dir)) return null;
    String lower = name.toLowerCase(Locale.ROOT);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        if (e.getFileName().toString().toLowerCase(Locale.ROOT).equals(lower)) return e;
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
