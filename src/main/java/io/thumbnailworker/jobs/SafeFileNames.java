package io.thumbnailworker.jobs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File names that come from the network (Content-Disposition, metadata, zip entries) made safe for local disk. */
public final class SafeFileNames {
  private static final Pattern EXT_FILENAME = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED = Pattern.compile("filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLAIN = Pattern.compile("filename\\s*=\\s*([^;\\s]+)", Pattern.CASE_INSENSITIVE);

  private SafeFileNames() {}

  /** The file name a Content-Disposition header names (RFC 6266, {@code filename*} preferred), or null. */
  public static String fromContentDisposition(String header) {
    if (header == null) return null;
    Matcher m = EXT_FILENAME.matcher(header);
    if (m.find()) {
      try {
        String charset = m.group(1).isBlank() ? "UTF-8" : m.group(1).trim();
        return URLDecoder.decode(m.group(2).trim().replace("+", "%2B"), charset);
      } catch (Exception ignored) {
        // fall through to the plain forms
      }
    }
    m = QUOTED.matcher(header);
    if (m.find()) return m.group(1).replaceAll("\\\\(.)", "$1");
    m = PLAIN.matcher(header);
    return m.find() ? m.group(1) : null;
  }

  /**
   * Keeps only the last path segment and the characters [A-Za-z0-9._-]; no leading dots (no hidden files, no "..");
   * at most 120 characters with the extension kept. Never empty: falls back to {@code fallback}.
   */
  public static String sanitize(String name, String fallback) {
    if (name == null) return fallback;
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
    if (base.isEmpty() || base.chars().allMatch(c -> c == '_' || c == '.')) return fallback;
    if (base.length() > 120) {
      String ext = extension(base);
      base = base.substring(0, 120 - ext.length() - 1) + (ext.isEmpty() ? "" : "." + ext);
    }
    return base;
  }

  /** Lower-case extension without the dot, "" when none. */
  public static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
