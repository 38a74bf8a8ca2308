package io.thumbnailworker.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FileNamesTest {
  @Test
  void readsEveryContentDispositionForm() {
    assertEquals("Duck.glb", FileNames.fromContentDisposition("attachment; filename=\"Duck.glb\""));
    assertEquals("a b.obj", FileNames.fromContentDisposition("attachment; filename=\"a b.obj\"; size=3"));
    assertEquals("plain.stl", FileNames.fromContentDisposition("attachment; filename=plain.stl"));
    assertEquals("ünï.fbx", FileNames.fromContentDisposition("attachment; filename=\"x.fbx\"; filename*=UTF-8''%C3%BCn%C3%AF.fbx"));
    assertNull(FileNames.fromContentDisposition("attachment"));
    assertNull(FileNames.fromContentDisposition(null));
  }

  @Test
  void sanitisedNamesCannotEscapeOrHide() {
    assertEquals("passwd", FileNames.sanitize("../../etc/passwd", "f"));
    assertEquals("evil.obj", FileNames.sanitize("C:\\temp\\..\\evil.obj", "f"));
    assertEquals("a_b_.glb", FileNames.sanitize("a b?.glb", "f"));
    assertEquals("hidden.obj", FileNames.sanitize("...hidden.obj", "f"));
    assertEquals("f", FileNames.sanitize("..", "f"));
    assertEquals("f", FileNames.sanitize("", "f"));
    String longName = "x".repeat(300) + ".gltf";
    String s = FileNames.sanitize(longName, "f");
    assertTrue(s.length() <= 120 && s.endsWith(".gltf"), s);
  }

  @Test
  void extensionIsLowerCaseWithoutDot() {
    assertEquals("glb", FileNames.extension("Duck.GLB"));
    assertEquals("", FileNames.extension("README"));
    assertEquals("", FileNames.extension(".hidden"));
    assertEquals("zip", FileNames.extension("a.tar.zip"));
  }
}
