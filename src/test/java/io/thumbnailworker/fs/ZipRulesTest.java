package io.thumbnailworker.fs;

import io.thumbnailworker.jobs.JobFailure;
import io.thumbnailworker.jobs.SafeUnzip;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zip rules the server (on upload) and the worker (before unpacking) share, with the worker refusing alike. */
class ZipRulesTest {
  private static final String OBJ = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
  /** Python's zipfile with ZIP64 forced: 64-bit sizes in every entry's extra field (model/duck.obj, model/duck.mtl). */
  private static final String ZIP64 = "UEsDBC0AAAAIALWSgl1D+W4q//////////8OABQAbW9kZWwvZHVjay5vYmoBABAAIAAAAAAAAAAWAAAAAAAAACtTMABBrjIFQyhtAGJxpQFJI"
      + "wVjLgBQSwMELQAAAAgAtZKCXcambwL//////////w4AFABtb2RlbC9kdWNrLm10bAEAEAAJAAAAAAAAAAsAAAAAAAAAy0stzy3JUcjlAgBQSwECLQ"
      + "MtAAAACAC1koJdQ/luKv//////////DgAUAAAAAAAAAAAAgAEAAAAAbW9kZWwvZHVjay5vYmoBABAAIAAAAAAAAAAWAAAAAAAAAFBLAQItAy0AAAA"
      + "IALWSgl3Gpm8C//////////8OABwAAAAAAAAAAACAAf////9tb2RlbC9kdWNrLm10bAEAGAAJAAAAAAAAAAsAAAAAAAAAVgAAAAAAAABQSwYGLAAA"
      + "AAAAAAAtAC0AAAAAAAAAAAACAAAAAAAAAAIAAAAAAAAAqAAAAAAAAAChAAAAAAAAAFBLBgcAAAAASQEAAAAAAAABAAAAUEsFBgAAAAACAAIAqAAAAKEAAAAAAA==";

  @TempDir Path tmp;

  private String refusal(byte[] zip) throws Exception {
    Path file = Files.write(Files.createTempFile(tmp, "z", ".zip"), zip);
    String rule = assertThrows(ZipRules.Refused.class, () -> ZipRules.check(file, 100, 1 << 20)).getMessage();
    JobFailure worker = assertThrows(JobFailure.class, () -> new SafeUnzip(100, 1 << 20).extractMainModel(file, tmp.resolve("out-" + file.getFileName())));
    assertEquals(rule, worker.getMessage(), "the worker refuses with the rule's message");
    return rule;
  }

  @Test
  @DisplayName("only hidden files or __MACOSX/: no renderable model")
  void hiddenOnly() throws Exception {
    assertTrue(refusal(TestZips.of(TestZips.entries(".duck.obj", OBJ, "readme.txt", "hi"))).startsWith("unzip: the archive holds no renderable model (2 file(s)"));
    assertTrue(refusal(TestZips.of(TestZips.entries("__MACOSX/", "", "__MACOSX/duck.obj", OBJ, "model/.cache/duck.obj", OBJ)))
        .contains("holds no renderable model"));
  }

  @Test
  @DisplayName("a symbolic link, to a file or a folder, is refused")
  void symlinks() throws Exception {
    byte[] file = TestZips.symlink(TestZips.of(TestZips.entries("duck.obj", OBJ, "passwd.obj", "/etc/passwd")), "passwd.obj");
    assertEquals("unzip: entry 'passwd.obj' is a symbolic link; links are refused", refusal(file));
    byte[] folder = TestZips.symlink(TestZips.of(TestZips.entries("duck.obj", OBJ, "textures", "/etc", "textures/a.png", "x")), "textures");
    assertEquals("unzip: entry 'textures' is a symbolic link; links are refused", refusal(folder));
  }

  @Test
  @DisplayName("a file name twice (also as ./name or a\\\\b) is refused: the last copy would silently win")
  void duplicates() throws Exception {
    byte[] twice = TestZips.rename(TestZips.of(TestZips.entries("dup-1.obj", OBJ, "dup-2.obj", "v 9 9 9\n")), "dup-2.obj", "dup-1.obj");
    assertEquals("unzip: entry 'dup-1.obj' appears more than once; one copy would silently replace the other", refusal(twice));
    byte[] dotted = TestZips.of(TestZips.entries("m/a.obj", OBJ, "m/./a.obj", OBJ));
    assertTrue(refusal(dotted).contains("'m/./a.obj' appears more than once"));
    byte[] backslash = TestZips.of(TestZips.entries("m/a.obj", OBJ, "m\\a.obj", OBJ));
    assertTrue(refusal(backslash).contains("appears more than once"));
  }

  @Test
  @DisplayName("names, counts, sizes and unreadable files: the worker's messages")
  void namesCountsSizes() throws Exception {
    assertTrue(refusal(TestZips.of(TestZips.entries("a/../../x.obj", OBJ))).endsWith("points outside the archive"));
    assertTrue(refusal(TestZips.of(TestZips.entries("C:/x.obj", OBJ))).endsWith("points outside the archive"));
    assertEquals("unzip: the archive is empty or not a zip file", refusal("not a zip at all".getBytes()));
    assertEquals("unzip: the archive is empty or not a zip file", refusal(TestZips.of(TestZips.entries())));
    Path big = Files.write(tmp.resolve("big.zip"), TestZips.of(TestZips.entries("a.obj", "v 0 0 0\n".repeat(1000))));
    ZipRules.Refused r = assertThrows(ZipRules.Refused.class, () -> ZipRules.check(big, 10, 4000));
    assertTrue(r.tooLarge() && r.getMessage().equals("unzip: archive inflates to more than 4000 bytes"), r.getMessage());
    java.util.Map<String, String> e = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 101; i++) e.put("f" + i + ".obj", OBJ);
    assertEquals("unzip: archive has more than 100 entries", refusal(TestZips.of(e)));
    byte[] bidi = TestZips.of(TestZips.entries("a/../evil\u202Ejbo.png", OBJ));
    assertEquals("unzip: entry 'a/../evil?jbo.png' points outside the archive", refusal(bidi));
  }

  @Test
  @DisplayName("good zips pass, ZIP64 included (64-bit sizes, and an end record that defers to the ZIP64 one)")
  void goodZips() throws Exception {
    Path plain = Files.write(tmp.resolve("ok.zip"), TestZips.of(TestZips.entries("m/", "", "m/duck.obj", OBJ, "m/t/a.png", "x",
        "__MACOSX/m/._duck.obj", "junk")));
    assertDoesNotThrow(() -> ZipRules.check(plain, 100, 1 << 20));
    byte[] z64 = Base64.getDecoder().decode(ZIP64);
    assertDoesNotThrow(() -> ZipRules.check(Files.write(tmp.resolve("z64.zip"), z64), 100, 1 << 20));
    ByteBuffer b = ByteBuffer.wrap(z64).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = z64.length - 22;
    b.putShort(eocd + 8, (short) 0xFFFF).putShort(eocd + 10, (short) 0xFFFF).putInt(eocd + 12, -1).putInt(eocd + 16, -1);
    Path deferred = Files.write(tmp.resolve("z64b.zip"), z64);
    assertDoesNotThrow(() -> ZipRules.check(deferred, 100, 1 << 20));
    assertThrows(ZipRules.Refused.class, () -> ZipRules.check(deferred, 100, 40), "the 64-bit sizes are read: 41 bytes in all");
    assertDoesNotThrow(() -> new SafeUnzip(100, 1 << 20).extractMainModel(deferred, tmp.resolve("x")));
    assertFalse(ZipRules.isModel("__MACOSX/duck.obj") || ZipRules.isModel("a/.hidden/duck.obj"));
  }
}
