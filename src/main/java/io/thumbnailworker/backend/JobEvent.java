package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

/**
 * A progress note about a job for the backend's event log ({@code JobStarted}, {@code ModelDownloaded}, …):
 * {@code metadata} and {@code errorMessage} may be null.
 */
public record JobEvent(String type, String message, JsonObject metadata, String errorMessage) {
  public static JobEvent of(String type, String message) {
    return new JobEvent(type, message, null, null);
  }
}
