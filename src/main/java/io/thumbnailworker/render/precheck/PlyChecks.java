package io.thumbnailworker.render.precheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static io.thumbnailworker.render.precheck.PreChecks.bad;
import static io.thumbnailworker.render.precheck.PreChecks.startsWith;

/**
 * PLY check: the element counts in the header against the bytes the file really has after it (a header promising
 * millions of faces in a few hundred bytes), counted at the smallest size each element can take.
 */
final class PlyChecks {
  private PlyChecks() {}

  static void checkPly(Path file, long size, byte[] head) {
    if (!startsWith(head, "ply")) throw bad("PLY file does not start with 'ply'");
    String header;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = in.readNBytes(64 * 1024);
      String text = new String(buf, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("end_header");
      if (end < 0) throw bad("PLY header has no end_header in its first 64 KiB");
      int nl = text.indexOf('\n', end);
      header = text.substring(0, nl < 0 ? text.length() : nl + 1);
    } catch (IOException e) {
      throw bad("PLY file cannot be read: " + e.getMessage());
    }
    boolean ascii = header.contains("format ascii");
    long body = size - header.getBytes(StandardCharsets.ISO_8859_1).length;
    long minBytes = 0;
    long count = 0;
    int props = 0;
    long propBytes = 0;
    StringBuilder what = new StringBuilder();
    for (String line : header.split("\r?\n")) {
      String[] t = line.trim().split("\\s+");
      if (t[0].equals("element") && t.length >= 3) {
        minBytes += elementBytes(ascii, count, props, propBytes);
        try {
          count = Long.parseLong(t[2]);
        } catch (NumberFormatException e) {
          throw bad("PLY element count '" + t[2] + "' is not a number");
        }
        if (count < 0) throw bad("PLY element count is negative");
        props = 0;
        propBytes = 0;
        if (count > 0) what.append(what.length() == 0 ? "" : " and ").append(String.format(Locale.ROOT, "%,d %s", count, t[1]));
      } else if (t[0].equals("property") && t.length >= 3) {
        props++;
        propBytes += t[1].equals("list") ? typeBytes(t[2]) : typeBytes(t[1]);
      }
    }
    minBytes += elementBytes(ascii, count, props, propBytes);
    if (minBytes > body) {
      throw bad(String.format(Locale.ROOT, "PLY header declares %s, which needs at least %,d bytes, but the file has only %,d bytes of data", what, minBytes, body));
    }
  }

  private static long elementBytes(boolean ascii, long count, int props, long propBytes) {
    // ASCII: every value is at least one digit plus a separator
    return count * (ascii ? 2L * props : propBytes);
  }

  private static int typeBytes(String t) {
    return switch (t) {
      case "char", "uchar", "int8", "uint8" -> 1;
      case "short", "ushort", "int16", "uint16" -> 2;
      case "double", "float64" -> 8;
      default -> 4;
    };
  }
}
