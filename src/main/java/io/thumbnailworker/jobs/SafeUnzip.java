package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded zip (a model with its companion files) without trusting it: entry names may not leave the
 * target dir (zip-slip), and the entry count and the total of bytes actually inflated are capped while streaming (the
 * sizes in the zip headers can lie). Blocking: call it from a worker thread, never from an event loop.
 */
public final class SafeUnzip {
  /** Formats the render engine (Assimp) loads as a main model; companions (.bin, .mtl, textures) are not listed. */
  static final Set<String> RENDERABLE = Set.of("gltf", "glb", "obj", "fbx", "dae", "3ds", "3mf", "blend", "ply", "stl",
      "off", "x3d", "x", "ase", "ac", "lwo", "lws", "ms3d", "md2", "md3", "md5mesh", "b3d", "ifc", "irr", "irrmesh", "smd", "ogex",
      "amf", "dxf");
  /** Preferred when a zip holds more than one renderable file. */
  private static final List<String> PREFERRED = List.of("gltf", "glb", "obj");

  private final int maxEntries;
  private final long maxTotalBytes;

  public SafeUnzip(int maxEntries, long maxTotalBytes) {
    this.maxEntries = maxEntries;
    this.maxTotalBytes = maxTotalBytes;
  }

  /** Extracts {@code zip} into {@code dir} and returns the main model. @throws JobFailure with a readable reason */
  public Path extractMainModel(Path zip, Path dir) {
    List<Path> files = extract(zip, dir);
    return pickMainModel(files, dir);
  }

  List<Path> extract(Path zip, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    long total = 0;
    int entries = 0;
    byte[] buf = new byte[64 * 1024];
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (++entries > maxEntries) throw new JobFailure("unzip: archive has more than " + maxEntries + " entries");
        String name = e.getName().replace('\\', '/');
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\0") || !target.startsWith(root) || target.equals(root)) {
          throw new JobFailure("unzip: entry '" + printable(name) + "' points outside the archive");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          for (int n; (n = read(in, buf)) > 0; ) {
            total += n;
            if (total > maxTotalBytes) {
              throw new JobFailure("unzip: archive inflates to more than " + maxTotalBytes + " bytes");
            }
            out.write(buf, 0, n);
          }
        }
        files.add(target);
      }
    } catch (IOException e) {
      throw new JobFailure("unzip: not a readable zip archive (" + Errors.oneLine(e) + ")");
    }
    if (entries == 0) throw new JobFailure("unzip: the archive is empty or not a zip file");
    return files;
  }

  private static int read(InputStream in, byte[] buf) throws IOException {
    return in.read(buf, 0, buf.length);
  }

  /** One renderable file → it; several → .gltf, .glb, .obj first, then the shallowest, then by name. */
  static Path pickMainModel(List<Path> files, Path dir) {
    List<Path> models = files.stream()
        .filter(p -> !isJunk(dir.relativize(p)))
        .filter(p -> RENDERABLE.contains(SafeFileNames.extension(p.getFileName().toString())))
        .sorted(Comparator.<Path>comparingInt(p -> rank(SafeFileNames.extension(p.getFileName().toString())))
            .thenComparingInt(Path::getNameCount)
            .thenComparing(Path::toString))
        .toList();
    if (models.isEmpty()) {
      throw new JobFailure("unzip: the archive holds no renderable model (" + files.size() + " file(s), none of "
          + String.join("/", PREFERRED) + " or another supported format)");
    }
    return models.get(0);
  }

  private static int rank(String ext) {
    int i = PREFERRED.indexOf(ext);
    return i < 0 ? PREFERRED.size() : i;
  }

  /** macOS resource forks and hidden files are never the model. */
  private static boolean isJunk(Path relative) {
    for (Path part : relative) {
      String s = part.toString();
      if (s.startsWith(".") || s.equals("__MACOSX")) return true;
    }
    return false;
  }

  private static String printable(String name) {
    String s = name.replaceAll("[\\p{Cntrl}]", "?");
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }
}
