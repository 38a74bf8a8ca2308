package io.thumbnailworker.render;

/**
 * A job-level render failure with a one-line, user-readable message (no stack trace, no control bytes) and a code
 * that {@code msg.fail(code, message)} carries over the event bus.
 */
public final class RenderException extends RuntimeException {
  /** The model cannot be rendered (bad file, limits exceeded). Retrying will not help. */
  public static final int BAD_MODEL = 400;
  /** Cancelled or past its deadline. */
  public static final int CANCELLED = 408;
  /** The importer or GL failed for a reason that is not the file's fault (may succeed on retry). */
  public static final int INTERNAL = 500;
  /** No usable EGL/OpenGL on this host. */
  public static final int NO_GL = 503;

  private final int code;

  public RenderException(int code, String message) {
    super(sanitize(message));
    this.code = code;
  }

  public RenderException(int code, String message, Throwable cause) {
    super(sanitize(message), cause);
    this.code = code;
  }

  public int code() { return code; }

  /** One line of printable text: control bytes and invalid characters become '?', long text is cut. */
  public static String sanitize(String text) {
    if (text == null) return "unknown error";
    StringBuilder out = new StringBuilder(Math.min(text.length(), 400));
    for (int i = 0; i < text.length() && out.length() < 400; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') out.append(' ');
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\uFFFD' || Character.isSurrogate(c)) out.append('?');
      else out.append(c);
    }
    if (out.length() >= 400) out.append('…');
    return out.toString().trim();
  }
}
