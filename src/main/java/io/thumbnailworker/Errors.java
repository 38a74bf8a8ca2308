package io.thumbnailworker;

import java.util.concurrent.TimeoutException;

/** Turns exceptions into one readable line: no stack trace, no class-name noise where the message says it all. */
public final class Errors {
  private Errors() {}

  public static String oneLine(Throwable err) {
    if (err == null) return "unknown error";
    String msg = err.getMessage();
    if (err instanceof TimeoutException || err.getClass().getSimpleName().contains("Timeout")) {
      msg = msg == null || msg.isBlank() ? "timed out" : msg;
    }
    if (msg == null || msg.isBlank()) {
      Throwable cause = err.getCause();
      msg = cause != null && cause != err ? oneLine(cause) : err.getClass().getSimpleName();
    } else if (err.getClass().getPackageName().startsWith("java.net")) {
      msg = err.getClass().getSimpleName() + ": " + msg;       // "ConnectException: Connection refused" reads better
    }
    String line = msg.replaceAll("\\s+", " ").trim();
    return line.length() > 500 ? line.substring(0, 500) + "…" : line;
  }
}
