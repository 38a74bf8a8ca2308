package io.thumbnailworker.render;

import io.thumbnailworker.fs.FileOps;
import org.lwjgl.system.Configuration;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Prepares LWJGL's largest native libraries (lwjgl, assimp and its draco) before the first LWJGL class loads them.
 * LWJGL's defaults make every cold start pay for the large libassimp: it inflates the library from the jar to compare
 * CRCs with its extracted copy, then hashes the copy with SHA-1 in still interpreted Java (and an importer child
 * process pays the same again). Here they are extracted once into a folder named after their CRCs as
 * the jar's directory records them (nothing is inflated to check), LWJGL is given their absolute paths, and the SHA-1
 * check, which only warns when a different build of a library sits on the library path, is off. The two small JNI
 * libraries (opengl, meshoptimizer) keep LWJGL's own extraction.
 *
 * <p>Only applies when running from the jar on Linux; from a class-path folder (tests, IDE), or where a library's
 * name is configured already ({@code -Dorg.lwjgl.libname} and the like), LWJGL loads that library its own way.
 */
public final class NativeLibraries {
  private record Bundled(String resource, Configuration<String> name) {}

  private static final List<Bundled> LIBRARIES = List.of(
      new Bundled("org/lwjgl/liblwjgl.so", Configuration.LIBRARY_NAME),
      new Bundled("org/lwjgl/assimp/libdraco.so", Configuration.ASSIMP_DRACO_LIBRARY_NAME),
      new Bundled("org/lwjgl/assimp/libassimp.so", Configuration.ASSIMP_LIBRARY_NAME));

  private NativeLibraries() {}

  /** Idempotent and thread-safe; call before any LWJGL binding class is used. */
  public static void prepare() {
    Prepared.DONE.hashCode();
  }

  /** The folder the libraries were extracted to, or null when LWJGL loads them its own way. */
  public static Path folder() {
    return Prepared.FOLDER;
  }

  private static final class Prepared {
    static final Object DONE = new Object();
    static final Path FOLDER;

    static {
      Configuration.DISABLE_HASH_CHECKS.set(true);
      Path folder = null;
      boolean configured = false;
      for (Bundled l : LIBRARIES) configured |= l.name().get() != null;
      if (!configured) {
        try {
          folder = extractFromOwnJar();
        } catch (IOException | RuntimeException e) {
          LoggerFactory.getLogger(NativeLibraries.class).debug("native libraries stay with LWJGL's own extraction: {}", e.toString());
        }
        if (folder != null && !loadable(folder)) folder = null;
        if (folder != null) {
          for (Bundled l : LIBRARIES) l.name().set(folder.resolve(fileName(l.resource())).toString());
        }
      }
      FOLDER = folder;
    }
  }

  private static Path extractFromOwnJar() throws IOException {
    String arch = switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> "x64";
      case "aarch64", "arm64" -> "arm64";
      default -> null;
    };
    Path jar = ownJar();
    if (arch == null || jar == null || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) return null;
    String user = System.getProperty("user.name", "");
    return extract(jar, arch, privateFolder(Path.of(System.getProperty("java.io.tmpdir"), "thumbnail-worker-" + user.replaceAll("[^A-Za-z0-9_.-]", "_")), user));
  }

  /**
   * Extracts the bundled libraries of {@code arch} from {@code jar} into a folder under {@code base} named after their
   * names, CRCs and sizes, unless a file of the right size is there already. Null when the jar lacks one of them.
   */
  static Path extract(Path jar, String arch, Path base) throws IOException {
    try (JarFile jf = new JarFile(jar.toFile(), false)) {
      List<JarEntry> entries = new ArrayList<>();
      CRC32 key = new CRC32();
      for (Bundled lib : LIBRARIES) {
        JarEntry e = jf.getJarEntry("linux/" + arch + "/" + lib.resource());
        if (e == null || e.getCrc() < 0 || e.getSize() < 0) return null;
        entries.add(e);
        key.update((e.getName() + ':' + e.getCrc() + ':' + e.getSize() + '\n').getBytes(StandardCharsets.UTF_8));
      }
      Path folder = base.resolve("natives-" + Long.toHexString(key.getValue()));
      Files.createDirectories(folder);
      for (JarEntry e : entries) {
        Path target = folder.resolve(fileName(e.getName()));
        if (Files.isRegularFile(target) && Files.size(target) == e.getSize()) continue;
        // written under a private name, then renamed: a concurrent start never loads a half-written library
        FileOps.writeAtomically(target, false, out -> {
          try (InputStream in = jf.getInputStream(e)) {
            in.transferTo(out);
          }
        });
      }
      return folder;
    }
  }

  /**
   * Loads the core library from the folder now (LWJGL's later load of the same path is then a no-op). Where temporary
   * space is mounted noexec this fails, and LWJGL's own extraction, which tries other folders, is used instead.
   */
  private static boolean loadable(Path folder) {
    try {
      System.load(folder.resolve(fileName(LIBRARIES.get(0).resource())).toString());
      return true;
    } catch (UnsatisfiedLinkError e) {
      LoggerFactory.getLogger(NativeLibraries.class).debug("extracted native libraries cannot be loaded from {}: {}", folder, e.getMessage());
      return false;
    }
  }

  private static String fileName(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  private static Path ownJar() {
    CodeSource src = NativeLibraries.class.getProtectionDomain().getCodeSource();
    if (src == null || src.getLocation() == null) return null;
    try {
      Path p = Path.of(src.getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Creates {@code base} for {@code user} alone, or checks that an existing one is theirs and writable by nobody else:
   * in shared temporary space another user could otherwise plant a library there.
   */
  static Path privateFolder(Path base, String user) throws IOException {
    try {
      Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException ignored) {
      // checked below
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS);
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)
        || !Files.getOwner(base, LinkOption.NOFOLLOW_LINKS).getName().equals(user)
        || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(base + " is not a private folder of this user");
    }
    return base;
  }
}
