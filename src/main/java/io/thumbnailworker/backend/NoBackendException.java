package io.thumbnailworker.backend;

/** {@code API_PROFILE=auto} found no contract the API answers to; the message says what each probe answered. */
public final class NoBackendException extends RuntimeException {
  public NoBackendException(String message) {
    super(message, null, false, false);
  }
}
