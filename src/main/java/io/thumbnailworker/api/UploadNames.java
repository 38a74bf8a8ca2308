package io.thumbnailworker.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Original file names are data, never paths: they are checked on upload, stored in the database, and only ever
 * written back quoted in {@code Content-Disposition} (RFC 6266: an ASCII {@code filename} plus a UTF-8
 * {@code filename*}). Stored files are named by their hash.
 */
final class UploadNames {
  private static final int MAX_LENGTH = 255;
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("zip", "application/zip"),
      Map.entry("bin", "application/octet-stream"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("webp", "image/webp"),
      Map.entry("tga", "image/x-tga"),
      Map.entry("bmp", "image/bmp"),
      Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"),
      Map.entry("exr", "image/x-exr"),
      Map.entry("hdr", "image/vnd.radiance"),
      Map.entry("ktx2", "image/ktx2"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("flac", "audio/flac"),
      Map.entry("aac", "audio/aac"),
      Map.entry("m4a", "audio/mp4"),
      Map.entry("opus", "audio/opus"),
      Map.entry("glb", "model/gltf-binary"),
      Map.entry("gltf", "model/gltf+json"),
      Map.entry("obj", "model/obj"),
      Map.entry("mtl", "model/mtl"),
      Map.entry("stl", "model/stl"),
      Map.entry("3mf", "model/3mf"),
      Map.entry("ply", "application/x-ply"),
      Map.entry("fbx", "application/octet-stream"),
      Map.entry("dae", "model/vnd.collada+xml"));

  private UploadNames() {}

  /**
   * Checks an uploaded file name: it must be a plain name (no directories, no {@code ..}, no control characters).
   *
   * @return the name
   * @throws ApiException 400 naming what is wrong
   */
  static String checkUploadName(String name) {
    if (name == null || name.isBlank()) throw ApiException.badRequest("the uploaded file has no name");
    if (name.length() > MAX_LENGTH) throw ApiException.badRequest("the file name is longer than " + MAX_LENGTH + " characters");
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || ch == 0x7f) throw ApiException.badRequest("the file name contains control characters");
    }
    refuseBidiControls("the file name", name);
    if (name.contains("/") || name.contains("\\")) {
      throw ApiException.badRequest("the file name '" + printable(name) + "' contains a path separator; send a plain file name");
    }
    if (name.equals(".") || name.equals("..") || name.startsWith("..")) {
      throw ApiException.badRequest("the file name '" + printable(name) + "' is not a plain file name");
    }
    if (name.length() >= 2 && name.charAt(1) == ':') {
      throw ApiException.badRequest("the file name '" + printable(name) + "' looks like a drive path");
    }
    return name;
  }

  /**
   * Checks the name a model's companion file was sent under, kept as its path relative to the main file
   * ({@code textures/wood.png}): {@code /}-separated segments, none empty, {@code .} or {@code ..}, no backslash, no
   * drive letter, no control characters, so it can never point outside the folder a worker unpacks it into.
   *
   * @return the relative path
   * @throws ApiException 400 naming what is wrong
   */
  static String checkRelativePath(String name) {
    if (name == null || name.isBlank()) throw ApiException.badRequest("a companion file has no name");
    if (name.length() > 1024) throw ApiException.badRequest("the companion path is longer than 1024 characters");
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || ch == 0x7f) throw ApiException.badRequest("the companion path contains control characters");
    }
    refuseBidiControls("the companion path", name);
    if (name.contains("\\") || name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':')) {
      throw ApiException.badRequest("the companion path '" + printable(name) + "' is not a relative '/'-separated path");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw ApiException.badRequest("the companion path '" + printable(name) + "' has an empty, '.' or '..' segment");
      }
    }
    return name;
  }

  /**
   * Refuses bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): shown to people,
   * they reorder what follows them, so {@code invoice<U+202E>gpj.exe} reads as {@code invoiceexe.jpg}.
   *
   * @param what how the message names the value, e.g. "the file name"
   */
  static void refuseBidiControls(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if ((ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069')) {
        throw ApiException.badRequest(what + " contains the bidirectional control character U+" + Integer.toHexString(ch).toUpperCase(Locale.ROOT)
            + " (at character " + (i + 1) + "), which makes it display differently from what it is (a hidden extension, "
            + "reversed text); remove it");
      }
    }
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The content type a stored file is served with, by its extension (models, images, sounds). */
  static String contentType(String name) {
    return TYPES.getOrDefault(extension(name), "application/octet-stream");
  }

  /** {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded}. */
  static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') ascii.append('_');
      else ascii.append(ch);
    }
    StringBuilder ext = new StringBuilder("UTF-8''");
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        ext.append((char) c);
      } else {
        ext.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=" + ext;
  }

  private static String printable(String name) {
    return name.length() > 80 ? name.substring(0, 80) + "…" : name;
  }
}
