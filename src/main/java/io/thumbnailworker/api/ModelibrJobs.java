package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Jobs as Modelibr's contract shows them. The jobs table keeps the spec's status names; Modelibr's name the same four
 * states differently: Pending = Pending, InProgress = Processing, Completed = Done, Failed = Dead.
 */
final class ModelibrJobs {
  static final String PROCESSING = "Processing";
  static final String DONE = "Done";
  static final String DEAD = "Dead";
  static final List<String> STATUSES = List.of(JobRow.PENDING, PROCESSING, DONE, DEAD);

  private static final Map<String, String> FROM_SPEC = Map.of(JobRow.PENDING, JobRow.PENDING,
      JobRow.IN_PROGRESS, PROCESSING, JobRow.COMPLETED, DONE, JobRow.FAILED, DEAD);
  private static final Map<String, String> TO_SPEC = Map.of(JobRow.PENDING, JobRow.PENDING,
      PROCESSING, JobRow.IN_PROGRESS, DONE, JobRow.COMPLETED, DEAD, JobRow.FAILED);

  private ModelibrJobs() {}

  /** Modelibr's name for a stored (spec) status. */
  static String status(String specStatus) {
    return FROM_SPEC.getOrDefault(specStatus, specStatus);
  }

  /** The stored (spec) status for a Modelibr name, matched case-insensitively; 400 for an unknown name. */
  static String specStatus(String modelibrStatus) {
    for (Map.Entry<String, String> e : TO_SPEC.entrySet()) {
      if (e.getKey().equalsIgnoreCase(modelibrStatus.trim())) return e.getValue();
    }
    throw ApiException.badRequest("unknown status '" + modelibrStatus + "'; use one of " + STATUSES);
  }

  /**
   * The dequeued job: {@code id, assetType, modelId, modelVersionId, modelHash, soundId, soundHash, textureSetId,
   * environmentMapId, environmentMapVariantId, defaultTextureSetId, mainVariantName, textureMappings, status,
   * attemptCount, createdAt, updatedAt}, ids null where they do not apply.
   */
  static JsonObject job(JobRow job) {
    JobAsset a = job.asset();
    return new JsonObject()
        .put("id", job.id())
        .put("assetType", a.assetType())
        .put("modelId", job.modelId())
        .put("modelVersionId", a.modelVersionId())
        .put("modelHash", job.modelHash())
        .put("soundId", a.soundId())
        .put("soundHash", a.soundHash())
        .put("textureSetId", a.textureSetId())
        .put("environmentMapId", a.environmentMapId())
        .put("environmentMapVariantId", a.environmentMapVariantId())
        .put("defaultTextureSetId", a.defaultTextureSetId())
        .put("mainVariantName", a.mainVariantName())
        .put("textureMappings", a.textureMappings().copy())
        .put("status", status(job.status()))
        .put("attemptCount", job.attemptCount())
        .put("createdAt", JobRow.iso(job.createdAt()))
        .put("updatedAt", JobRow.iso(job.updatedAt()));
  }

  /** The job as the tool listing {@code GET /thumbnail-jobs} shows it: the dequeued shape plus who, when and how. */
  static JsonObject listed(JobRow job) {
    return job(job)
        .put("maxAttempts", job.maxAttempts())
        .put("workerId", job.assignedWorkerId() != null ? job.assignedWorkerId() : job.lastWorkerId())
        .put("lockedUntil", JobRow.iso(job.leaseExpiresAt()))
        .put("errorMessage", job.errorMessage())
        .put("thumbnailPath", job.resultPath())
        .put("contract", job.claimedVia())
        .put("finishCount", job.finishCount());
  }
}
