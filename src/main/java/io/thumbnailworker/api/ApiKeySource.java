package io.thumbnailworker.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where the {@code api} command takes its key from: {@code --api-key KEY} (visible to every local user in {@code ps}
 * and {@code /proc/PID/cmdline}), {@code --api-key-file PATH} (the file's one line), or the environment variable
 * {@value #ENV} (the name the worker reads its key from; a process's environment is readable by its owner only).
 * The flag or the file win over the environment; giving both the flag and the file is a usage error.
 */
public final class ApiKeySource {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeySource.class);
  /** The environment variable the worker sends its key from; the API reads the same name. */
  public static final String ENV = "WORKER_API_KEY";
  private static final int MAX_FILE_BYTES = 4096;

  private ApiKeySource() {}

  /**
   * The key to require, or null for none.
   *
   * @throws IllegalArgumentException both flag and file, or a file that cannot be read or holds no single-line key
   */
  public static String resolve(String flag, Path file, Map<String, String> env) {
    if (flag != null && file != null) throw new IllegalArgumentException("give the key once: --api-key or --api-key-file, not both");
    if (file != null) return fromFile(file);
    if (flag != null) {
      if (flag.isBlank()) throw new IllegalArgumentException("--api-key is blank");
      return flag;
    }
    String fromEnv = env.get(ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }

  /** The file's content without surrounding white space (a trailing newline is usual); one line, not empty. */
  static String fromFile(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) throw new IllegalArgumentException("--api-key-file " + file + " is larger than " + MAX_FILE_BYTES + " bytes; it should hold the key alone");
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --api-key-file " + file + ": " + e.getMessage(), e);
    }
    String key = new String(bytes, StandardCharsets.UTF_8).strip();
    if (key.isEmpty()) throw new IllegalArgumentException("--api-key-file " + file + " is empty");
    if (key.contains("\n") || key.contains("\r")) throw new IllegalArgumentException("--api-key-file " + file + " holds more than one line; it should hold the key alone");
    warnIfShared(file);
    return key;
  }

  private static void warnIfShared(Path file) {
    try {
      if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) return;
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("The API key file {} is readable by other users; chmod 600 it", file);
      }
    } catch (IOException e) {
      // read above already; the permissions are only advice
    }
  }
}
