package io.thumbnailworker.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a companion file's {@code relativePath} before anything is written: it must stay inside the model's folder.
 * Both {@code /} and {@code \} separate segments (a path written on Windows), {@code .} and empty segments are dropped;
 * absolute paths, drive letters, {@code ..} segments and control characters are refused.
 */
public final class CompanionPaths {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private CompanionPaths() {}

  /**
   * The path as segments below the model's folder.
   * @throws IllegalArgumentException saying why the path is refused
   */
  public static Path check(String relativePath) {
    if (relativePath == null || relativePath.isBlank()) throw new IllegalArgumentException("a companion file has no relativePath");
    String quoted = "'" + relativePath + "'";
    if (relativePath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("companion path " + quoted.replaceAll("\\p{Cntrl}", "?") + " holds control characters");
    }
    if (relativePath.startsWith("/") || relativePath.startsWith("\\") || DRIVE.matcher(relativePath).matches()) {
      throw new IllegalArgumentException("companion path " + quoted + " is absolute");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : relativePath.split("[/\\\\]")) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) throw new IllegalArgumentException("companion path " + quoted + " climbs out of the model's folder");
      if (segment.contains(":")) throw new IllegalArgumentException("companion path " + quoted + " names a drive or stream");
      segments.add(segment);
    }
    if (segments.isEmpty()) throw new IllegalArgumentException("companion path " + quoted + " names no file");
    return Path.of(segments.get(0), segments.subList(1, segments.size()).toArray(String[]::new));
  }
}
