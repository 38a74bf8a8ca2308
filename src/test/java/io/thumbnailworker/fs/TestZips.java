package io.thumbnailworker.fs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips for tests, including what {@code ZipOutputStream} refuses to write: symbolic links and duplicate names. */
public final class TestZips {
  private TestZips() {}

  /** A zip of these entries, in order ({@code name/} = a directory). */
  public static byte[] of(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** One entry, then the rest; ordered. */
  public static Map<String, String> entries(String... nameThenContent) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) m.put(nameThenContent[i], nameThenContent[i + 1]);
    return m;
  }

  /**
   * Marks the entry {@code name} as a Unix symbolic link (version made by: Unix; external attributes: mode 0120777),
   * as {@code zip --symlinks} stores one: its content is the link's target.
   */
  public static byte[] symlink(byte[] zip, String name) {
    byte[] out = zip.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 <= out.length; i++) {
      if (b.getInt(i) != 0x02014b50) continue;
      int len = b.getShort(i + 28) & 0xFFFF;
      if (Arrays.equals(Arrays.copyOfRange(out, i + 46, i + 46 + len), wanted)) {
        b.putShort(i + 4, (short) (3 << 8 | 20));
        b.putInt(i + 38, 0120777 << 16);
        return out;
      }
    }
    throw new IllegalArgumentException("no central directory entry " + name);
  }

  /** Renames every occurrence of {@code from} (local headers and central directory) to {@code to}, of the same length. */
  public static byte[] rename(byte[] zip, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    byte[] t = to.getBytes(StandardCharsets.UTF_8);
    if (f.length != t.length) throw new IllegalArgumentException("names must have the same length");
    byte[] out = zip.clone();
    int n = 0;
    for (int i = 0; i + f.length <= out.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(out, i, i + f.length), f)) {
        System.arraycopy(t, 0, out, i, t.length);
        n++;
      }
    }
    if (n != 2) throw new IllegalStateException("expected the name twice (local header, central directory), found it " + n + " times");
    return out;
  }
}
