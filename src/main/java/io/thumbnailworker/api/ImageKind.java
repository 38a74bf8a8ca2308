package io.thumbnailworker.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image types a thumbnail upload may be, recognised by their magic bytes (never by name or declared type), and
 * the stored file name each gets under {@code /hashes/{modelHash}/}: the animated WebP (or a PNG) is the thumbnail,
 * the JPEG is the poster.
 */
enum ImageKind {
  WEBP("image/webp", "thumbnail.webp"),
  PNG("image/png", "thumbnail.png"),
  JPEG("image/jpeg", "poster.jpg");

  final String contentType;
  final String fileName;

  ImageKind(String contentType, String fileName) {
    this.contentType = contentType;
    this.fileName = fileName;
  }

  /** Where the image {@code fileName} of the models with {@code modelHash} is served. */
  static String path(String modelHash, String fileName) {
    return "/hashes/" + modelHash + "/" + fileName;
  }

  static Optional<ImageKind> sniff(Path file) throws IOException {
    byte[] head = new byte[16];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return sniff(Arrays.copyOf(head, n));
  }

  static Optional<ImageKind> sniff(byte[] h) {
    if (h.length >= 12 && ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP")) return Optional.of(WEBP);
    if (h.length >= 8 && (h[0] & 0xff) == 0x89 && ascii(h, 1, "PNG") && h[4] == 0x0d && h[5] == 0x0a && h[6] == 0x1a && h[7] == 0x0a) {
      return Optional.of(PNG);
    }
    if (h.length >= 3 && (h[0] & 0xff) == 0xff && (h[1] & 0xff) == 0xd8 && (h[2] & 0xff) == 0xff) return Optional.of(JPEG);
    return Optional.empty();
  }

  /** The kind whose stored file name is {@code name}, if any. */
  static Optional<ImageKind> byFileName(String name) {
    for (ImageKind k : values()) if (k.fileName.equals(name)) return Optional.of(k);
    return Optional.empty();
  }

  /** The kind a file name's extension claims (used to reject e.g. a PNG renamed to .webp). */
  static Optional<ImageKind> byExtension(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".webp")) return Optional.of(WEBP);
    if (n.endsWith(".png")) return Optional.of(PNG);
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return Optional.of(JPEG);
    return Optional.empty();
  }

  private static boolean ascii(byte[] h, int at, String s) {
    for (int i = 0; i < s.length(); i++) if (h[at + i] != s.charAt(i)) return false;
    return true;
  }
}
