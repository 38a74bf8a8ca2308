package io.thumbnailworker.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What makes an uploaded zip (a model with its companion files) acceptable, for the reference server, which judges it
 * on upload, and for the worker, which unpacks it: the same rules and the same messages ({@code unzip: …}) on both
 * sides, so a zip the worker would refuse is refused with a 400 when it is uploaded.
 *
 * <ul>
 *   <li>at most N entries;</li>
 *   <li>no entry name that is absolute, has a drive letter, a NUL or a {@code ..} segment;</li>
 *   <li>no symbolic link (a link, or a linked folder, could point anywhere once unpacked);</li>
 *   <li>no file name twice (one copy would silently replace the other);</li>
 *   <li>a declared uncompressed total within the limit (and the worker also caps what it really inflates);</li>
 *   <li>at least one renderable model outside hidden files and {@code __MACOSX/}.</li>
 * </ul>
 */
public final class ZipRules {
  /** Formats the render engine (Assimp) loads as a main model; companions (.bin, .mtl, textures) are not listed. */
  public static final Set<String> RENDERABLE = Set.of("gltf", "glb", "obj", "fbx", "dae", "3ds", "3mf", "blend", "ply", "stl",
      "off", "x3d", "x", "ase", "ac", "lwo", "lws", "ms3d", "md2", "md3", "md5mesh", "b3d", "ifc", "irr", "irrmesh", "smd", "ogex",
      "amf", "dxf");
  /** Preferred, in this order, when a zip holds more than one renderable file. */
  public static final List<String> PREFERRED = List.of("gltf", "glb", "obj");

  /** A zip that breaks a rule; the message says which, naming the entry. */
  public static final class Refused extends RuntimeException {
    private final boolean tooLarge;

    Refused(String message, boolean tooLarge) {
      super(message, null, false, false);
      this.tooLarge = tooLarge;
    }

    /** The zip is refused for its (declared or inflated) size rather than its content. */
    public boolean tooLarge() {
      return tooLarge;
    }
  }

  private ZipRules() {}

  /**
   * Judges a zip by its central directory, inflating nothing.
   *
   * @throws Refused naming the first rule broken
   */
  public static void check(Path zip, int maxEntries, long maxTotalBytes) throws IOException {
    List<ZipDirectory.Entry> entries;
    try {
      entries = ZipDirectory.read(zip, maxEntries);
    } catch (ZipDirectory.Unreadable | IOException e) {
      throw unreadable(e.getMessage());
    }
    if (entries == null || entries.isEmpty()) throw empty();
    Names names = new Names(maxEntries);
    long total = 0;
    int files = 0;
    boolean model = false;
    for (ZipDirectory.Entry e : entries) {
      names.accept(e.name(), e.directory());
      if (e.symlink()) throw new Refused("unzip: entry '" + printable(e.name()) + "' is a symbolic link; links are refused", false);
      total += e.size();
      if (total > maxTotalBytes) throw inflatesTooMuch(maxTotalBytes);
      if (e.directory()) continue;
      files++;
      model |= isModel(e.name());
    }
    if (!model) throw noModel(files);
  }

  /** The entry names of one archive, checked one by one as they come (central directory or a stream of entries). */
  public static final class Names {
    private final int maxEntries;
    private final Set<String> files = new HashSet<>();
    private int count;

    public Names(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    /** @throws Refused for one entry too many, an unsafe name, or a file name seen before */
    public void accept(String name, boolean directory) {
      if (++count > maxEntries) throw tooManyEntries(maxEntries);
      if (unsafe(name)) throw new Refused("unzip: entry '" + printable(name) + "' points outside the archive", false);
      if (!directory && !files.add(normal(name))) {
        throw new Refused("unzip: entry '" + printable(name) + "' appears more than once; one copy would silently replace the other", false);
      }
    }
  }

  /** An absolute name, a drive letter, a NUL, or a {@code ..} segment (with either separator). */
  public static boolean unsafe(String name) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.indexOf('\0') >= 0 || (n.length() >= 2 && n.charAt(1) == ':')) return true;
    for (String part : n.split("/")) if (part.equals("..")) return true;
    return false;
  }

  /** A renderable model that is not hidden and not in {@code __MACOSX/}. */
  public static boolean isModel(String relativePath) {
    String n = relativePath.replace('\\', '/');
    return !isJunk(n) && RENDERABLE.contains(extension(n.substring(n.lastIndexOf('/') + 1)));
  }

  /** macOS resource forks and hidden files (any segment starting with a dot, or {@code __MACOSX}) are never the model. */
  public static boolean isJunk(String relativePath) {
    for (String part : relativePath.replace('\\', '/').split("/")) {
      if (part.startsWith(".") || part.equals("__MACOSX")) return true;
    }
    return false;
  }

  public static Refused tooManyEntries(int maxEntries) {
    return new Refused("unzip: archive has more than " + maxEntries + " entries", false);
  }

  public static Refused inflatesTooMuch(long maxTotalBytes) {
    return new Refused("unzip: archive inflates to more than " + maxTotalBytes + " bytes", true);
  }

  public static Refused noModel(int files) {
    return new Refused("unzip: the archive holds no renderable model (" + files + " file(s), none of "
        + String.join("/", PREFERRED) + " or another supported format outside hidden files and __MACOSX/)", false);
  }

  public static Refused empty() {
    return new Refused("unzip: the archive is empty or not a zip file", false);
  }

  public static Refused unreadable(String why) {
    return new Refused("unzip: not a readable zip archive (" + why + ")", false);
  }

  /** Control and bidirectional-override characters shown as {@code ?}, at most 100 characters. */
  public static String printable(String name) {
    String s = name.replaceAll("[\\p{Cntrl}\u202A-\u202E\u2066-\u2069]", "?");
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }

  /** The path an entry unpacks to: empty and {@code .} segments dropped ({@code ..} is refused before). */
  private static String normal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (out.length() > 0) out.append('/');
      out.append(part);
    }
    return out.toString();
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
