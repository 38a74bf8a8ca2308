package io.thumbnailworker.render.precheck;

import io.thumbnailworker.render.RenderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class PreChecksTest {
  @Test
  void rejectsLyingHeadersBeforeAssimpSeesThem(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("a.obj"));
    assertEquals("model file is empty", assertThrows(RenderException.class, () -> PreChecks.check(empty, null)).getMessage());

    Path ply = Files.writeString(dir.resolve("a.ply"), "ply\nformat ascii 1.0\nelement vertex 1000\nproperty float x\nproperty float y\n"
        + "property float z\nelement face 5\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n");
    assertTrue(assertThrows(RenderException.class, () -> PreChecks.check(ply, null)).getMessage().startsWith("PLY header declares 1,000 vertex and 5 face"));

    ByteBuffer stl = ByteBuffer.allocate(84 + 50).order(ByteOrder.LITTLE_ENDIAN);
    stl.putInt(80, 7);
    Path stlFile = Files.write(dir.resolve("a.stl"), stl.array());
    assertEquals("binary STL header claims 7 triangles but the file holds 1", assertThrows(RenderException.class, () -> PreChecks.check(stlFile, null)).getMessage());

    String deep = "{\"nodes\":[" + "{\"children\":[1]}," .repeat(0) + chain(1500) + "]}";
    assertTrue(assertThrows(RenderException.class, () -> GltfChecks.checkNodeDepth(deep)).getMessage().contains("levels deep (limit 1,000)"));
    GltfChecks.checkNodeDepth("{\"nodes\":[" + chain(50) + "]}");
    assertThrows(RenderException.class, () -> GltfChecks.checkNodeDepth("{\"nodes\":[{\"children\":[1]},{\"children\":[0]}]}"), "cycle");
  }

  @Test
  void sniffsContentOverExtension(@TempDir Path dir) throws Exception {
    ByteBuffer glb = ByteBuffer.allocate(20 + 4).order(ByteOrder.LITTLE_ENDIAN);
    glb.put("glTF".getBytes()).putInt(2).putInt(24).putInt(4).put("JSON".getBytes()).put("{}  ".getBytes());
    Path f = Files.write(dir.resolve("duck.stl"), glb.array());
    assertEquals("duck.stl.glb", PreChecks.check(f, null));
    Path noExt = Files.writeString(dir.resolve("upload"), "o x\nv 0 0 0\n");
    assertEquals("upload.obj", PreChecks.check(noExt, "obj"));
  }

  private static String chain(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) s.append(',');
      s.append(i + 1 < n ? "{\"children\":[" + (i + 1) + "]}" : "{}");
    }
    return s.toString();
  }
}
