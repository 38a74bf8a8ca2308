package io.thumbnailworker.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SafeFileNamesTest {
  @Test
  void readsEveryContentDispositionForm() {
    assertEquals("Duck.glb", SafeFileNames.fromContentDisposition("attachment; filename=\"Duck.glb\""));
    assertEquals("a b.obj", SafeFileNames.fromContentDisposition("attachment; filename=\"a b.obj\"; size=3"));
    assertEquals("plain.stl", SafeFileNames.fromContentDisposition("attachment; filename=plain.stl"));
    assertEquals("ünï.fbx", SafeFileNames.fromContentDisposition("attachment; filename=\"x.fbx\"; filename*=UTF-8''%C3%BCn%C3%AF.fbx"));
    assertNull(SafeFileNames.fromContentDisposition("attachment"));
    assertNull(SafeFileNames.fromContentDisposition(null));
  }

  @Test
  void sanitisedNamesCannotEscapeOrHide() {
    assertEquals("passwd", SafeFileNames.sanitize("../../etc/passwd", "f"));
    assertEquals("evil.obj", SafeFileNames.sanitize("C:\\temp\\..\\evil.obj", "f"));
    assertEquals("a_b_.glb", SafeFileNames.sanitize("a b?.glb", "f"));
    assertEquals("hidden.obj", SafeFileNames.sanitize("...hidden.obj", "f"));
    assertEquals("f", SafeFileNames.sanitize("..", "f"));
    assertEquals("f", SafeFileNames.sanitize("", "f"));
    String longName = "x".repeat(300) + ".gltf";
    String s = SafeFileNames.sanitize(longName, "f");
    assertTrue(s.length() <= 120 && s.endsWith(".gltf"), s);
  }

  @Test
  void extensionIsLowerCaseWithoutDot() {
    assertEquals("glb", SafeFileNames.extension("Duck.GLB"));
    assertEquals("", SafeFileNames.extension("README"));
    assertEquals("", SafeFileNames.extension(".hidden"));
    assertEquals("zip", SafeFileNames.extension("a.tar.zip"));
  }
}
