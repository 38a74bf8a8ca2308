package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.thumbnailworker.backend.Payloads.number;

/**
 * Modelibr's model side calls (modelibr-assets.md §4): what a model's import says about it, sent for its version,
 * keyed: {@code PUT /model-versions/{vid}/technical-metadata}, then {@code PUT /model-versions/{vid}/scene-graph}
 * with the file's SHA-256. Built from the scene facts of the import
 * ({@code {technicalMetadata, sceneGraph: {rollups, parts, warnings}}}).
 */
public final class ModelibrSideCalls {
  /** The scene-graph extractor's version; Modelibr's own worker sends 2. */
  public static final int EXTRACTOR_VERSION = 2;
  public static final int GEOMETRY_HASH_VERSION = 1;
  public static final int SCHEMA_VERSION = 1;

  private ModelibrSideCalls() {}

  /**
   * The calls after a model job's render: technical metadata, then the scene graph when the job names the model's
   * hash. None without a version id or without facts.
   */
  static List<ApiCall> afterRender(DequeuedJob job, JsonObject facts) {
    Long version = number(job.body(), "modelVersionId");
    if (version == null || facts == null) return List.of();
    List<ApiCall> calls = new ArrayList<>();
    technicalMetadata(version, facts).ifPresent(calls::add);
    sceneGraph(version, job.assetHash(), facts).ifPresent(calls::add);
    return calls;
  }

  /** {@code PUT /model-versions/{vid}/technical-metadata} with the facts' metadata; empty when there is none. */
  public static Optional<ApiCall> technicalMetadata(long versionId, JsonObject facts) {
    JsonObject body = facts == null ? null : facts.getJsonObject("technicalMetadata");
    if (body == null) return Optional.empty();
    return Optional.of(new ApiCall(HttpMethod.PUT, "/model-versions/" + versionId + "/technical-metadata", body.copy()));
  }

  /**
   * {@code PUT /model-versions/{vid}/scene-graph}; empty without a 64-character file hash (the route refuses it) or
   * without a scene graph.
   */
  public static Optional<ApiCall> sceneGraph(long versionId, String fileSha256, JsonObject facts) {
    JsonObject graph = facts == null ? null : facts.getJsonObject("sceneGraph");
    if (graph == null || fileSha256 == null || fileSha256.length() != 64) return Optional.empty();
    JsonObject body = new JsonObject().put("fileSha256", fileSha256).put("extractorVersion", EXTRACTOR_VERSION)
        .put("geometryHashVersion", GEOMETRY_HASH_VERSION).put("schemaVersion", SCHEMA_VERSION)
        .put("rollups", graph.getJsonObject("rollups")).put("parts", graph.getJsonArray("parts"))
        .put("warnings", graph.getJsonArray("warnings"));
    return Optional.of(new ApiCall(HttpMethod.PUT, "/model-versions/" + versionId + "/scene-graph", body));
  }
}
