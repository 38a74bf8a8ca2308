package io.thumbnailworker.api;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unit checks of the pieces that judge uploads: names, Content-Disposition quoting, magic bytes, zip entry names. */
class UploadChecksTest {
  @Test
  @DisplayName("Content-Disposition quotes any name safely: ASCII fallback plus RFC 5987 UTF-8")
  void contentDisposition() {
    assertEquals("attachment; filename=\"Duck.glb\"; filename*=UTF-8''Duck.glb", UploadNames.contentDisposition("Duck.glb"));
    assertEquals("attachment; filename=\"a_b_ _c_.obj\"; filename*=UTF-8''a%22b%5C%20%0Ac%E2%82%AC.obj",
        UploadNames.contentDisposition("a\"b\\ \nc€.obj"));
  }

  @Test
  @DisplayName("upload names must be plain file names")
  void uploadNames() {
    for (String bad : new String[] {"../x.obj", "a/b.obj", "a\\b.obj", "..", "C:x.obj", "x\u0000.obj", "", " "}) {
      assertThrows(ApiException.class, () -> UploadNames.checkUploadName(bad), bad);
    }
    assertEquals("my model (1).obj", UploadNames.checkUploadName("my model (1).obj"));
  }

  @Test
  @DisplayName("a zip-based model format (3MF) is a model, not a bundle; an unnamed zip is a bundle")
  void zipBasedModelFormats(@TempDir Path dir) throws Exception {
    Path pk = Files.write(dir.resolve("upload"), new byte[] {'P', 'K', 3, 4, 0, 0});
    assertFalse(ZipCheck.isZip("Helix.3mf", pk));
    assertTrue(ZipCheck.isZip("bundle.zip", pk));
    assertTrue(ZipCheck.isZip("upload.bin", pk), "zip magic under an unknown extension");
    assertFalse(ZipCheck.isZip("Duck.glb", Files.write(dir.resolve("glb"), "glTF".getBytes())));
    assertTrue(ZipCheck.MODEL_EXTENSIONS.containsAll(java.util.List.of("ogex", "dxf", "3mf", "ase", "ms3d")));
  }

  @Test
  @DisplayName("images are recognised by magic bytes, not by name")
  void magicBytes() {
    assertEquals(Optional.of(ImageKind.WEBP), ImageKind.sniff(TestImages.webp(8, Color.RED)));
    assertEquals(Optional.of(ImageKind.PNG), ImageKind.sniff(TestImages.png(8, Color.RED)));
    assertEquals(Optional.of(ImageKind.JPEG), ImageKind.sniff(TestImages.jpeg(8, Color.RED)));
    assertEquals(Optional.empty(), ImageKind.sniff("GIF89a....".getBytes()));
    assertEquals(Optional.empty(), ImageKind.sniff(new byte[0]));
  }

  @Test
  @DisplayName("zip entry names that escape the extraction directory are unsafe")
  void zipNames() {
    for (String bad : new String[] {"../a.obj", "a/../../b.obj", "/etc/passwd", "\\\\server\\x", "C:/x.obj", "a\\..\\..\\b"}) {
      assertTrue(ZipCheck.unsafe(bad), bad);
    }
    assertFalse(ZipCheck.unsafe("model/textures/wood.png"));
    assertFalse(ZipCheck.unsafe("a..b.obj"));
  }
}
