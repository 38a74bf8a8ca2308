package io.thumbnailworker.api;

/**
 * A request that cannot be served, with the HTTP status and a short machine-readable code; the message is for people
 * (it names the id and what was wrong) and is sent as {@code {error, message}}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() { return status; }
  public String code() { return code; }

  public static ApiException badRequest(String message) { return new ApiException(400, "bad_request", message); }
  public static ApiException notFound(String message) { return new ApiException(404, "not_found", message); }
  public static ApiException conflict(String message) { return new ApiException(409, "conflict", message); }
  public static ApiException tooLarge(String message) { return new ApiException(413, "payload_too_large", message); }
  public static ApiException unsupported(String message) { return new ApiException(400, "unsupported_content", message); }
}
