package io.thumbnailworker.render.assimp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ModelPathsTest {
  @Test
  void confinesReferencesToTheModelDirectory(@TempDir Path dir) throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.createDirectories(model.resolve("tex"));
    Files.writeString(model.resolve("tex/Wood.PNG"), "x");
    Files.writeString(model.resolve("a.bin"), "x");
    Files.writeString(dir.resolve("secret.txt"), "x");
    ModelPaths p = new ModelPaths(model);
    Path wood = model.resolve("tex/Wood.PNG").toRealPath();
    assertEquals(wood, p.resolve("tex/Wood.PNG"));
    assertEquals(wood, p.resolve(".\\tex\\wood.png"), "Windows separators and case mismatch");
    assertEquals(wood, p.resolve("TEX/WOOD.png"));
    assertEquals(model.resolve("a.bin").toRealPath(), p.resolve("tex/../a.bin"));
    assertNull(p.resolve("../secret.txt"), "no ..");
    assertNull(p.resolve("tex/../../secret.txt"));
    assertNull(p.resolve(dir.resolve("secret.txt").toString()), "no absolute path");
    assertNull(p.resolve("C:\\secret.txt"), "no drive letter");
    assertNull(p.resolve("file:///etc/passwd"), "no URL");
    assertNull(p.resolve("http://example.com/a.png"));
    assertNull(p.resolve("tex"), "directories are not files");
    assertEquals(model.resolve("a.bin").toRealPath(), p.resolveTexture("D:\\art\\project\\A.BIN"), "absolute export paths fall back to the basename inside the folder");
    assertNull(p.resolveTexture("../secret.txt"));
    Files.createDirectories(model.resolve("milk truck"));
    Files.writeString(model.resolve("milk truck/Crème 100%.png"), "x");
    Path creme = model.resolve("milk truck/Crème 100%.png").toRealPath();
    assertEquals(creme, p.resolve("milk truck/Crème 100%.png"), "as written first");
    assertEquals(creme, p.resolve("milk%20truck/Cr%C3%A8me%20100%25.png"), "glTF URIs are percent-encoded");
    assertEquals(creme, p.resolveTexture("Milk%20Truck/CR%C3%88ME%20100%25.PNG"));
    assertNull(p.resolve("%2e%2e/secret.txt"), "decoded names are confined too");
    assertNull(p.resolve("tex%2F..%2F..%2Fsecret.txt"));
    assertNull(p.resolve("a.bin%00.png"), "no NUL");
    assertNull(p.resolve("a%2"), "a malformed escape matches nothing");
    assertEquals("a b+c", ModelPaths.percentDecoded("a%20b+c"));
    Files.createSymbolicLink(model.resolve("link.txt"), dir.resolve("secret.txt"));
    assertNull(p.resolve("link.txt"), "no symbolic link out of the folder");
  }
}
