package io.thumbnailworker.backend;

import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The backend contract the worker speaks: every name and payload shape its hub connection and API client need. The
 * hub and job code call only this interface, so a second contract is a second implementation, not a set of
 * {@code if}s. Implementations are stateless and thread-safe; the {@link io.thumbnailworker.jobs.ApiClient} adds the
 * base URL, headers, timeouts and retries, the hub connector the SignalR transport.
 */
public interface Backend {
  /** The contract's name, for logs and {@code /status} ({@code spec}). */
  String profile();

  // --- SignalR hub ---

  /** The hub's path below API_BASE_URL. */
  String hubPath();

  /** The server-to-worker hub events to listen to. */
  List<String> hubEvents();

  /**
   * What hub event {@code event} means to the worker; empty for events that are only informational.
   * {@code payload} is the event's single argument as the server sent it.
   */
  Optional<HubEvent> readHubEvent(String event, JsonObject payload);

  /** Invocations to make after every connect and reconnect, before the connection counts as up. */
  List<HubCall> onConnect(String workerId);

  /** Invocations to make, best effort, before the worker closes a live connection. */
  List<HubCall> onDisconnect(String workerId);

  /** The invocation that tells the hub this worker claimed {@code jobId}. */
  HubCall acknowledge(long jobId, String workerId);

  // --- HTTP ---

  /** The claim call; it answers 200 with a job, 204 (or 404) when none is waiting. */
  ApiCall dequeue(String workerId);

  /**
   * Reads the body of a 200 dequeue answer.
   * @throws IllegalArgumentException saying what is missing when the body is not a job the worker can report on
   */
  DequeuedJob readJob(JsonObject body);

  /** Where the job's model file is downloaded from; empty when the job has no model to render. */
  Optional<String> modelFilePath(DequeuedJob job);

  /**
   * Where to ask for the model file's name when the download did not name it (a JSON answer with {@code name});
   * empty when the contract has no such call.
   */
  Optional<String> modelMetadataPath(DequeuedJob job);

  /** The route a rendered image of {@code contentType} is uploaded to (multipart {@code file}, {@code width}, {@code height}). */
  String uploadPath(DequeuedJob job, String contentType);

  /**
   * The report of a completed job; {@code result} is {@code {thumbnailPath, sizeBytes, width, height}} from the
   * thumbnail upload's answer. {@code assetType} is the job's (null in reports written before it was recorded).
   */
  ApiCall complete(long jobId, String assetType, JsonObject result);

  /** The report of a failed job, with its one-line reason. */
  ApiCall fail(long jobId, String assetType, String errorMessage);

  /** The contract this worker speaks for {@code cfg}; the spec contract (design §2) is the only one so far. */
  static Backend forConfig(WorkerConfig cfg) {
    return new SpecBackend();
  }
}
