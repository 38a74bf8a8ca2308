package io.thumbnailworker.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchHelpersTest {
  @Test
  void aGeneratedBumpySphereIsABinaryPlyWithTheTriangleCountItsNameGives(@TempDir Path dir) throws Exception {
    Path f = BumpySphere.write(dir, 20_000);
    long triangles = Long.parseLong(f.getFileName().toString().replaceAll("\\D", ""));
    assertTrue(Math.abs(triangles - 20_000) < 1_000, "near the request: " + triangles);
    byte[] bytes = Files.readAllBytes(f);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int headerEnd = text.indexOf("end_header\n") + "end_header\n".length();
    long vertices = Long.parseLong(text.replaceAll("(?s).*element vertex (\\d+).*", "$1"));
    assertTrue(text.contains("element face " + triangles + "\n"));
    assertEquals(headerEnd + vertices * 12 + triangles * 13, bytes.length, "header + vertices + faces, nothing more");
    ByteBuffer faces = ByteBuffer.wrap(bytes, (int) (headerEnd + vertices * 12), 13).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(3, faces.get());
    for (int i = 0; i < 3; i++) {
      int v = faces.getInt();
      assertTrue(v >= 0 && v < vertices, "index in range: " + v);
    }
    assertEquals(f, BumpySphere.write(dir, 20_000), "an existing mesh is reused");
  }

  @Test
  void percentilesUseTheNearestRank() {
    double[] v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    assertEquals(5, BenchReport.percentile(v, 50));
    assertEquals(10, BenchReport.percentile(v, 99));
    assertEquals(1, BenchReport.percentile(v, 1));
    assertTrue(Double.isNaN(BenchReport.percentile(new double[0], 50)));
  }

  @Test
  void tableCellsFormatNumbersForPeople() {
    assertEquals("1,234", BenchReport.format(1234.4));
    assertEquals("12.3", BenchReport.format(12.34));
    assertEquals("0.123", BenchReport.format(0.1234));
    assertEquals("1,000,000", BenchReport.format(1_000_000L));
    assertEquals("–", BenchReport.format(Double.NaN));
    assertEquals("lod", BenchReport.format("lod"));
  }
}
