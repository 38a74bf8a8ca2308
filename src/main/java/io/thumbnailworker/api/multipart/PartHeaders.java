package io.thumbnailworker.api.multipart;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The headers of one multipart part that matter here: the field name and file name from {@code Content-Disposition}
 * (including RFC 5987 {@code filename*=UTF-8''…}) and the part's own {@code Content-Type}.
 *
 * @param name        the form field name
 * @param fileName    the file name, null for a text field
 * @param contentType the part's declared type, or null
 */
record PartHeaders(String name, String fileName, String contentType) {

  boolean isFile() {
    return fileName != null;
  }

  /** Parses a part's header block (CRLF-separated lines, without the blank line that ends it). */
  static PartHeaders parse(String block) {
    String disposition = null;
    String type = null;
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("content-disposition")) disposition = value;
      else if (key.equals("content-type")) type = value;
    }
    return disposition == null ? new PartHeaders(null, null, type) : disposition(disposition, type);
  }

  /** {@code form-data; name="file"; filename="a.obj"; filename*=UTF-8''a%20b.obj} */
  private static PartHeaders disposition(String value, String type) {
    String name = null;
    String fileName = null;
    String star = null;
    for (String param : splitParams(value)) {
      int eq = param.indexOf('=');
      if (eq < 0) continue;
      String k = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = unquote(param.substring(eq + 1).trim());
      switch (k) {
        case "name" -> name = v;
        case "filename" -> fileName = v;
        case "filename*" -> star = v;
        default -> { }
      }
    }
    if (star != null) {
      int q = star.indexOf("''");
      if (q >= 0) {
        try {
          fileName = URLDecoder.decode(star.substring(q + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw MultipartParser.malformed("the filename* parameter is not valid percent-encoding");
        }
      }
    }
    return new PartHeaders(name, fileName, type);
  }

  /** Splits header parameters at semicolons outside quotes. */
  private static List<String> splitParams(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) quoted = !quoted;
      if (c == ';' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }
}
