package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The backend contract the worker speaks: every name and payload shape its hub connection and API client need. The
 * hub and job code call only this interface, so a second contract is a second implementation, not a set of
 * {@code if}s: {@link SpecBackend} (design §2) and {@link ModelibrBackend} (the Modelibr backend). Which one a node
 * speaks is the {@link BackendSelector}'s answer. Implementations are stateless and thread-safe; the
 * {@link io.thumbnailworker.jobs.ApiClient} adds the base URL, headers, timeouts and retries, the hub connector the
 * SignalR transport.
 *
 * <p>The default methods describe a contract without the feature they name (the spec has none of them).
 */
public interface Backend {
  /** The contract's name, for logs, {@code /status} and API_PROFILE: {@code spec} or {@code modelibr}. */
  String profile();

  // --- SignalR hub ---

  /** The hub's path below API_BASE_URL. */
  String hubPath();

  /** The server-to-worker hub events to listen to (informational ones too, so the client does not warn about them). */
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

  // --- claiming ---

  /** The claim call; it answers 200 with a job, or one of {@link #noJobStatuses()} when none is waiting. */
  ApiCall dequeue(String workerId);

  /** The statuses of a dequeue answer that mean "no job waiting". */
  Set<Integer> noJobStatuses();

  /**
   * A call to the dequeue route that the route must refuse, so it can never claim a job: how {@code API_PROFILE=auto}
   * tells whether the route exists when the hub does not answer. A refusal (400 with a JSON body) means it exists.
   */
  ApiCall dequeueProbe();

  /**
   * Reads the body of a 200 dequeue answer.
   * @throws IllegalArgumentException saying what is missing when the body is not a job the worker can report on
   */
  DequeuedJob readJob(JsonObject body);

  /** How long a claim holds a job on the server, when it is bounded and the server accepts a finish after it. */
  default OptionalLong jobLockMs() { return OptionalLong.empty(); }

  /**
   * How long the claim of {@code job} lasts unless its holder shows it is alive (the acknowledgement, an event); the
   * worker sends those well inside it. Empty when unknown.
   */
  default OptionalLong leaseMs(DequeuedJob job) { return jobLockMs(); }

  /** The longest a job may run so that it is reported inside {@link #jobLockMs()}; empty when unbounded. */
  default OptionalLong maxJobTimeoutMs() { return OptionalLong.empty(); }

  // --- a model job's files and settings ---

  /** Where the job's model file is downloaded from; empty when the job has no model to render. */
  Optional<String> modelFilePath(DequeuedJob job);

  /**
   * Where to ask for the model file's name when the download did not name it (a JSON answer with {@code name});
   * empty when the contract has no such call.
   */
  Optional<String> modelMetadataPath(DequeuedJob job);

  /** Where the list of a glTF model's companion files (buffers, images) is read; empty when there is no such list. */
  default Optional<String> companionsPath(DequeuedJob job) { return Optional.empty(); }

  /**
   * Reads the companion list.
   * @throws IllegalArgumentException when an entry is malformed or its path would leave the model's folder
   */
  default List<ModelAssets.Companion> readCompanions(JsonObject body) { return List.of(); }

  /** Where one stored file (a companion, a texture image) is downloaded from. */
  default String storedFilePath(long fileId) {
    throw new UnsupportedOperationException(profile() + " has no stored-file route");
  }

  /** The call that reads the server's thumbnail settings; empty when the local keys decide. */
  default Optional<String> renderSettingsPath() { return Optional.empty(); }

  /**
   * Reads the settings answer.
   * @throws IllegalArgumentException when the values are out of range
   */
  default ServerRenderSettings readRenderSettings(JsonObject body) {
    throw new UnsupportedOperationException(profile() + " has no render settings");
  }

  /** The background when RENDER_BACKGROUND is not set; empty: the key's default. */
  default Optional<String> defaultBackground() { return Optional.empty(); }

  /** The poster still's format: {@code jpeg} or {@code png} (its upload's part type is {@code image/<format>}). */
  default String posterFormat() { return "jpeg"; }

  /** The texture sets to put on the model's materials, in the order they apply (later ones win); none by default. */
  default List<ModelAssets.TextureChoice> textureChoices(DequeuedJob job) { return List.of(); }

  /** Where texture set {@code id} is read. */
  default String textureSetPath(long id) {
    throw new UnsupportedOperationException(profile() + " has no texture sets");
  }

  /** Reads a texture set answer; images of types the worker cannot use are left out. */
  default ModelAssets.TextureSet readTextureSet(JsonObject body) {
    throw new UnsupportedOperationException(profile() + " has no texture sets");
  }

  /** The routes of texture-set preview jobs; empty when the contract has none. */
  default Optional<ModelibrTextureSetRoutes> textureSetRoutes() { return Optional.empty(); }

  // --- a sound job's file and waveform ---

  /** Where a sound job's file is downloaded from (its name in Content-Disposition); empty when the contract has no sounds. */
  default Optional<String> soundFilePath(DequeuedJob job) { return Optional.empty(); }

  /** The route a sound's waveform PNG is uploaded to (multipart {@code file}, {@code soundHash}). */
  default String waveformUploadPath(DequeuedJob job) {
    throw new UnsupportedOperationException(profile() + " has no sounds");
  }

  /**
   * The best-effort call that stores a sound's statistics ({@code payload}, measured from the job's file); empty when
   * the contract keeps none or the job names no file hash to key them by.
   */
  default Optional<ApiCall> soundStatistics(DequeuedJob job, JsonObject payload) { return Optional.empty(); }

  // --- an environment map job's files ---

  /** The contract's environment-map routes; empty when it has no environment maps. */
  default Optional<EnvironmentMapRoutes> environmentMaps() { return Optional.empty(); }

  // --- results ---

  /** The route a rendered image of {@code contentType} is uploaded to (multipart {@code file}, {@code width}, {@code height}). */
  String uploadPath(DequeuedJob job, String contentType);

  /**
   * The report of a completed job; {@code result} is {@code {thumbnailPath, sizeBytes, width, height}} from the
   * thumbnail upload's answer. {@code assetType} is the job's (null in reports written before it was recorded).
   */
  ApiCall complete(long jobId, String assetType, JsonObject result);

  /** The report of a failed job, with its one-line reason. */
  ApiCall fail(long jobId, String assetType, String errorMessage);

  /** The call that adds {@code event} to the job's event log; empty when the contract keeps none. */
  default Optional<ApiCall> event(long jobId, JobEvent event) { return Optional.empty(); }

  /**
   * Best-effort calls, in order, that tell the backend what a model job's import found ({@code sceneFacts}: technical
   * metadata and scene graph, may be null); none by default.
   */
  default List<ApiCall> modelSideCalls(DequeuedJob job, JsonObject sceneFacts) { return List.of(); }

  /** Whether {@link #modelSideCalls} reads the scene facts, which cost a second pass over the model's import. */
  default boolean wantsSceneFacts() { return false; }
}
