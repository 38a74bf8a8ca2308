package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Modelibr's record of a sound's statistics (modelibr-assets §3.2, §4.4): 🔑 {@code PUT /assets/Sound/{soundId}/extraction}
 * {@code {versionId:null, fileSha256:soundHash, extractorVersion:1, schemaVersion:1, outcome:null, payload, warnings:[]}}.
 */
public final class ModelibrSoundCalls {
  public static final int EXTRACTOR_VERSION = 1;
  public static final int SCHEMA_VERSION = 1;

  private ModelibrSoundCalls() {}

  /** The call; empty without a 64-character soundHash (the route refuses any other, and Modelibr's worker skips it). */
  public static Optional<ApiCall> statistics(long soundId, String soundHash, JsonObject payload) {
    if (soundHash == null || soundHash.length() != 64 || payload == null) return Optional.empty();
    JsonObject body = new JsonObject().put("versionId", null).put("fileSha256", soundHash)
        .put("extractorVersion", EXTRACTOR_VERSION).put("schemaVersion", SCHEMA_VERSION).put("outcome", null)
        .put("payload", payload).put("warnings", new JsonArray());
    return Optional.of(new ApiCall(HttpMethod.PUT, "/assets/Sound/" + soundId + "/extraction", body));
  }
}
