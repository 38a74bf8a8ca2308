package io.thumbnailworker.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lwjgl.system.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extraction of the bundled native libraries from a jar laid out as the shaded one is (fake library bytes). */
class NativeLibrariesTest {
  private static final String[] NAMES = {"org/lwjgl/liblwjgl.so", "org/lwjgl/assimp/libdraco.so", "org/lwjgl/assimp/libassimp.so"};

  @TempDir
  Path dir;

  @Test
  void extractsOnceIntoAFolderNamedAfterTheContent() throws IOException {
    Path jar = jar("v1", "x64");
    Path base = NativeLibraries.privateFolder(dir.resolve("base"), user());
    Path folder = NativeLibraries.extract(jar, "x64", base);
    for (String n : NAMES) {
      Path lib = folder.resolve(n.substring(n.lastIndexOf('/') + 1));
      assertArrayEquals(content("v1", n), Files.readAllBytes(lib), n);
    }
    // a second start finds every file in place and writes nothing
    Path assimp = folder.resolve("libassimp.so");
    Files.setLastModifiedTime(assimp, FileTime.fromMillis(1_000_000L));
    assertEquals(folder, NativeLibraries.extract(jar, "x64", base));
    assertEquals(1_000_000L, Files.getLastModifiedTime(assimp).toMillis());
    try (var files = Files.list(folder)) {
      assertEquals(3, files.count(), "no temporary files are left behind");
    }

    // a file cut short (a crash while copying by some other tool) is replaced
    Files.write(assimp, new byte[3]);
    NativeLibraries.extract(jar, "x64", base);
    assertArrayEquals(content("v1", NAMES[2]), Files.readAllBytes(assimp));

    // another build of the libraries gets its own folder, so a running older worker keeps its files
    Path other = NativeLibraries.extract(jar("v2", "x64"), "x64", base);
    assertNotEquals(folder, other);
    assertArrayEquals(content("v1", NAMES[2]), Files.readAllBytes(assimp));
    assertArrayEquals(content("v2", NAMES[2]), Files.readAllBytes(other.resolve("libassimp.so")));
  }

  @Test
  void aJarWithoutTheLibrariesOfThisArchitectureLeavesLwjglAlone() throws IOException {
    Path jar = jar("v1", "arm64");
    assertNull(NativeLibraries.extract(jar, "x64", NativeLibraries.privateFolder(dir.resolve("base"), user())));
  }

  @Test
  void aFolderOthersCanWriteIsRefused() throws IOException {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    IOException e = assertThrows(IOException.class, () -> NativeLibraries.privateFolder(shared, user()));
    assertTrue(e.getMessage().contains("not a private folder"), e.getMessage());
    assertThrows(IOException.class, () -> NativeLibraries.privateFolder(Files.createDirectory(dir.resolve("mine")), "somebody-else"));
    Path created = NativeLibraries.privateFolder(dir.resolve("fresh"), user());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
  }

  @Test
  void hashChecksAreOffOnceLibrariesArePrepared() {
    NativeLibraries.prepare();
    assertEquals(Boolean.TRUE, Configuration.DISABLE_HASH_CHECKS.get());
    // tests run from class folders, not the jar: LWJGL extracts from its own jars as usual
    assertNull(NativeLibraries.folder());
  }

  private static String user() {
    return System.getProperty("user.name");
  }

  private static byte[] content(String version, String name) {
    return (version + " " + name + " ").repeat(500).getBytes(StandardCharsets.UTF_8);
  }

  private Path jar(String version, String arch) throws IOException {
    Path jar = dir.resolve(version + "-" + arch + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String n : NAMES) {
        out.putNextEntry(new JarEntry("linux/" + arch + "/" + n));
        out.write(content(version, n));
      }
    }
    return jar;
  }
}
