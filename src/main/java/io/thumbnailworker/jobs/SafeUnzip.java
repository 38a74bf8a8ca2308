package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.fs.ZipRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded zip (a model with its companion files) without trusting it. It is judged first by
 * {@link ZipRules}, the rules the reference server applies on upload (entry count, unsafe names, symbolic links,
 * duplicate names, declared size, a model outside hidden files), with the same messages; then, while streaming, entry
 * names are checked again (the local headers could differ from the central directory), may not leave the target dir
 * (zip-slip), and the total of bytes actually inflated is capped (the sizes in the zip headers can lie). Blocking:
 * call it from a worker thread, never from an event loop.
 */
public final class SafeUnzip {
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
      ZipRules.check(zip, maxEntries, maxTotalBytes);
      ZipRules.Names names = new ZipRules.Names(maxEntries);
      for (ZipEntry e; (e = in.getNextEntry()) != null; entries++) {
        names.accept(e.getName(), e.isDirectory());
        String name = e.getName().replace('\\', '/');
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new JobFailure("unzip: entry '" + ZipRules.printable(name) + "' points outside the archive");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          for (int n; (n = read(in, buf)) > 0; ) {
            total += n;
            if (total > maxTotalBytes) throw ZipRules.inflatesTooMuch(maxTotalBytes);
            out.write(buf, 0, n);
          }
        }
        files.add(target);
      }
    } catch (ZipRules.Refused e) {
      throw new JobFailure(e.getMessage());
    } catch (IOException | IllegalArgumentException e) {                // java.util.zip: IAE for a malformed name
      throw new JobFailure(ZipRules.unreadable(Errors.oneLine(e)).getMessage());
    }
    if (entries == 0) throw new JobFailure(ZipRules.empty().getMessage());
    return files;
  }

  private static int read(InputStream in, byte[] buf) throws IOException {
    return in.read(buf, 0, buf.length);
  }

  /** One renderable file → it; several → .gltf, .glb, .obj first, then the shallowest, then by name. */
  static Path pickMainModel(List<Path> files, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> models = files.stream()
        .filter(p -> ZipRules.isModel(root.relativize(p).toString()))
        .sorted(Comparator.<Path>comparingInt(p -> rank(SafeFileNames.extension(p.getFileName().toString())))
            .thenComparingInt(Path::getNameCount)
            .thenComparing(Path::toString))
        .toList();
    if (models.isEmpty()) throw new JobFailure(ZipRules.noModel(files.size()).getMessage());
    return models.get(0);
  }

  private static int rank(String ext) {
    int i = ZipRules.PREFERRED.indexOf(ext);
    return i < 0 ? ZipRules.PREFERRED.size() : i;
  }
}
