package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.thumbnailworker.backend.Payloads.number;
import static io.thumbnailworker.backend.Payloads.text;

/**
 * The real Modelibr backend's contract (the {@code modelibr} profile, {@code modelibr.md}): hub {@code /jobProcessingHub}
 * where a worker must {@code RegisterWorker} to hear camelCase events and acknowledges a claim with
 * {@code AcknowledgeJobProcessing(jobId, workerId)}; routes without {@code /api}; one queue of four asset types, each
 * finished on its own route with {@code {success, …}}; versioned model files with glTF companions; server-side render
 * settings; texture sets; a PNG poster; a per-job event log; a 10-minute job lock.
 */
public final class ModelibrBackend implements Backend {
  public static final String SOUND = "Sound";
  public static final String TEXTURE_SET = "TextureSet";
  public static final String ENVIRONMENT_MAP = "EnvironmentMap";
  private static final String JOBS = "/thumbnail-jobs";
  /** Asset type → the dequeued job's id and hash fields, and its finish route below /thumbnail-jobs. */
  private record AssetFields(String id, String hash, String finishPrefix) {}
  private static final Map<String, AssetFields> ASSETS = Map.of(
      DequeuedJob.MODEL, new AssetFields("modelId", "modelHash", ""),
      SOUND, new AssetFields("soundId", "soundHash", "/sounds"),
      TEXTURE_SET, new AssetFields("textureSetId", null, "/texture-sets"),
      ENVIRONMENT_MAP, new AssetFields("environmentMapId", null, "/environment-maps"));
  /** Longest failure message each finish route takes (longer ones are refused or break the server). */
  private static final int MODEL_ERROR_MAX = 1_000;
  private static final int OTHER_ERROR_MAX = 2_000;
  private static final ModelibrTextureSetRoutes TEXTURE_SETS = new ModelibrTextureSetRoutes();

  @Override
  public String profile() { return "modelibr"; }

  @Override
  public String hubPath() { return ModelibrContract.HUB_PATH; }

  @Override
  public List<String> hubEvents() {
    return List.of("JobEnqueued", "JobStatusChanged", "WorkerRegistered", "WorkerUnregistered", "JobAcknowledged");
  }

  /** {@code JobEnqueued {jobId, modelId, modelHash, …, assetType}}, {@code JobStatusChanged {jobId, status, workerId, timestamp}}. */
  @Override
  public Optional<HubEvent> readHubEvent(String event, JsonObject p) {
    return Payloads.jobEvent(event, p, "timestamp");
  }

  /** Events reach only registered connections, so every connect and reconnect registers. */
  @Override
  public List<HubCall> onConnect(String workerId) { return List.of(new HubCall("RegisterWorker", List.of(workerId))); }

  @Override
  public List<HubCall> onDisconnect(String workerId) { return List.of(new HubCall("UnregisterWorker", List.of(workerId))); }

  /** Two positional arguments: the job id as a number, the worker id. */
  @Override
  public HubCall acknowledge(long jobId, String workerId) {
    return new HubCall("AcknowledgeJobProcessing", List.of(jobId, workerId));
  }

  @Override
  public ApiCall dequeue(String workerId) {
    return ApiCall.post(JOBS + "/dequeue", new JsonObject().put("workerId", workerId));
  }

  @Override
  public Set<Integer> noJobStatuses() { return Set.of(204); }

  /** A blank worker id: the route refuses ids outside 1–100 characters with 400 {@code {error, message}}. */
  @Override
  public ApiCall dequeueProbe() {
    return ApiCall.post(JOBS + "/dequeue", new JsonObject().put("workerId", ""));
  }

  @Override
  public DequeuedJob readJob(JsonObject body) {
    if (!(body.getValue("id") instanceof Number id)) throw new IllegalArgumentException("a job without a numeric id");
    String sent = text(body, "assetType");
    String type = ASSETS.keySet().stream().filter(t -> t.equalsIgnoreCase(sent)).findFirst().orElse(sent);
    AssetFields fields = type == null ? null : ASSETS.get(type);
    if (fields == null) {
      throw new IllegalArgumentException("a job of asset type '" + type + "', which this worker cannot report on (not one of "
          + String.join(", ", ASSETS.keySet()) + "); its lock expires in " + ModelibrContract.LOCK_MS / 60_000 + " minutes");
    }
    Long assetId = number(body, fields.id());
    if (assetId == null) throw new IllegalArgumentException("a " + type + " job without a numeric " + fields.id());
    return new DequeuedJob(id.longValue(), type, assetId, fields.hash() == null ? null : text(body, fields.hash()),
        body.getValue("attemptCount") instanceof Number n ? n.intValue() : 0, body, this);
  }

  @Override
  public OptionalLong jobLockMs() { return OptionalLong.of(ModelibrContract.LOCK_MS); }

  @Override
  public OptionalLong maxJobTimeoutMs() { return OptionalLong.of(ModelibrContract.MAX_JOB_TIMEOUT_MS); }

  // --- a model job's files and settings ---

  /** The job's version's file when it names a version, else the model's active version's. */
  @Override
  public Optional<String> modelFilePath(DequeuedJob job) {
    if (!DequeuedJob.MODEL.equals(job.assetType())) return Optional.empty();
    return Optional.of(versionPath(job).orElse("/models/" + job.modelId()) + "/file");
  }

  /** None: the file route names the file in Content-Disposition. */
  @Override
  public Optional<String> modelMetadataPath(DequeuedJob job) { return Optional.empty(); }

  @Override
  public Optional<String> companionsPath(DequeuedJob job) {
    return versionPath(job).map(v -> v + "/auxiliary-files");
  }

  private static Optional<String> versionPath(DequeuedJob job) {
    Long version = number(job.body(), "modelVersionId");
    return version == null ? Optional.empty() : Optional.of("/models/" + job.modelId() + "/versions/" + version);
  }

  /** {@code {modelVersionId, auxiliaries: [{fileId, relativePath, …}]}}; a path that leaves the folder is refused. */
  @Override
  public List<ModelAssets.Companion> readCompanions(JsonObject body) {
    List<ModelAssets.Companion> companions = new ArrayList<>();
    for (Object o : body.getJsonArray("auxiliaries", new JsonArray())) {
      if (!(o instanceof JsonObject a) || !(a.getValue("fileId") instanceof Number fileId)) {
        throw new IllegalArgumentException("a companion file without a numeric fileId: " + o);
      }
      companions.add(new ModelAssets.Companion(fileId.longValue(), CompanionPaths.check(text(a, "relativePath"))));
    }
    return companions;
  }

  @Override
  public String storedFilePath(long fileId) { return "/files/" + fileId; }

  @Override
  public Optional<String> renderSettingsPath() { return Optional.of("/settings/thumbnail-render"); }

  /** {@code {size, frameCount, isAnimated}}; absent fields take the server's defaults (256, 30, true). */
  @Override
  public ServerRenderSettings readRenderSettings(JsonObject body) {
    Long size = number(body, "size");
    Long frames = number(body, "frameCount");
    return new ServerRenderSettings(size == null ? 256 : size.intValue(), frames == null ? 30 : frames.intValue(),
        !(body.getValue("isAnimated") instanceof Boolean animated) || animated);
  }

  /** Modelibr's cards show thumbnails over their own background. */
  @Override
  public Optional<String> defaultBackground() { return Optional.of("transparent"); }

  @Override
  public String posterFormat() { return "png"; }

  @Override
  public List<ModelAssets.TextureChoice> textureChoices(DequeuedJob job) {
    return DequeuedJob.MODEL.equals(job.assetType()) ? ModelibrTextures.choose(job.body()) : List.of();
  }

  @Override
  public String textureSetPath(long id) { return "/texture-sets/" + id; }

  @Override
  public ModelAssets.TextureSet readTextureSet(JsonObject body) { return ModelibrTextures.readSet(body); }

  @Override
  public Optional<ModelibrTextureSetRoutes> textureSetRoutes() { return Optional.of(TEXTURE_SETS); }

  // --- a sound job's file and waveform ---

  @Override
  public Optional<String> soundFilePath(DequeuedJob job) {
    return SOUND.equals(job.assetType()) ? Optional.of("/sounds/" + job.assetId() + "/file") : Optional.empty();
  }

  @Override
  public String waveformUploadPath(DequeuedJob job) { return "/sounds/" + job.assetId() + "/waveform/upload"; }

  /** 🔑 {@code PUT /assets/Sound/{soundId}/extraction}, keyed by the job's soundHash (§3.2, §4.4). */
  @Override
  public Optional<ApiCall> soundStatistics(DequeuedJob job, JsonObject payload) {
    return SOUND.equals(job.assetType()) ? ModelibrSoundCalls.statistics(job.assetId(), job.assetHash(), payload) : Optional.empty();
  }

  @Override
  public Optional<EnvironmentMapRoutes> environmentMaps() { return Optional.of(ModelibrEnvironmentRoutes.INSTANCE); }

  // --- results ---

  /** The WebP (and any other type) to {@code upload}, a PNG to {@code png-upload}: a model version's, or a texture set's. */
  @Override
  public String uploadPath(DequeuedJob job, String contentType) {
    if (TEXTURE_SET.equals(job.assetType())) return TEXTURE_SETS.thumbnailUploadPath(job.assetId(), "image/png".equals(contentType));
    if (ENVIRONMENT_MAP.equals(job.assetType())) return ModelibrEnvironmentRoutes.INSTANCE.uploadPath(job, contentType);
    Long version = number(job.body(), "modelVersionId");
    String route = "image/png".equals(contentType) ? "png-upload" : "upload";
    return "/models/" + job.modelId() + "/thumbnail/" + route + (version == null ? "" : "?versionId=" + version);
  }

  /**
   * {@code {success:true, …result}} on the asset type's finish route: a model's {@code {thumbnailPath, sizeBytes, width,
   * height}}, a sound's {@code {waveformPath, sizeBytes, duration, sampleRate, channels, format}}.
   */
  @Override
  public ApiCall complete(long jobId, String assetType, JsonObject result) {
    return ApiCall.post(finishPath(jobId, assetType), new JsonObject().put("success", true).mergeIn(result));
  }

  /** {@code {success:false, errorMessage}} on the asset type's finish route, the message cut to what it takes. */
  @Override
  public ApiCall fail(long jobId, String assetType, String errorMessage) {
    int max = assetType == null || DequeuedJob.MODEL.equals(assetType) ? MODEL_ERROR_MAX : OTHER_ERROR_MAX;
    String message = errorMessage == null || errorMessage.isBlank() ? "failed (no reason given)" : errorMessage;
    return ApiCall.post(finishPath(jobId, assetType), new JsonObject().put("success", false).put("errorMessage", cut(message, max)));
  }

  /** Reports written before the asset type was recorded are model jobs (the only kind there was). */
  private static String finishPath(long jobId, String assetType) {
    AssetFields fields = ASSETS.get(assetType == null ? DequeuedJob.MODEL : assetType);
    if (fields == null) throw new IllegalArgumentException("no finish route for asset type '" + assetType + "'");
    return JOBS + fields.finishPrefix() + "/" + jobId + "/finish";
  }

  /** {@code {eventType, message, metadata (a JSON string), errorMessage}}, each cut to the route's limit. */
  @Override
  public Optional<ApiCall> event(long jobId, JobEvent event) {
    JsonObject body = new JsonObject().put("eventType", cut(event.type(), 100)).put("message", cut(event.message(), 1_000));
    if (event.metadata() != null) {
      String metadata = event.metadata().encode();
      if (metadata.length() <= 4_000) body.put("metadata", metadata);
    }
    if (event.errorMessage() != null) body.put("errorMessage", cut(event.errorMessage(), 2_000));
    return Optional.of(new ApiCall(HttpMethod.POST, JOBS + "/" + jobId + "/events", body));
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Technical metadata, then the scene graph (with the job's modelHash; skipped without it): §4.1, §4.3. */
  @Override
  public List<ApiCall> modelSideCalls(DequeuedJob job, JsonObject sceneFacts) {
    return ModelibrSideCalls.afterRender(job, sceneFacts);
  }

  @Override
  public boolean wantsSceneFacts() {
    return true;
  }
}
