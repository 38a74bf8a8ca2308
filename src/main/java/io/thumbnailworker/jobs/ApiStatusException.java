package io.thumbnailworker.jobs;

/** The API answered with a status the caller did not expect; the message is one readable line. */
public final class ApiStatusException extends RuntimeException {
  private final int status;

  public ApiStatusException(String call, int status, String body) {
    super(call + " answered HTTP " + status + snippet(body), null, false, false);
    this.status = status;
  }

  public int status() { return status; }

  /** 5xx and 429 may succeed later; every other status is the API's final word. */
  public boolean retryable() { return status >= 500 || status == 429; }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) return "";
    String one = body.replaceAll("\\s+", " ").trim();
    return ": " + (one.length() > 200 ? one.substring(0, 200) + "…" : one);
  }
}
