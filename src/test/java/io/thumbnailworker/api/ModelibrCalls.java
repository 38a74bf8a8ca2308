package io.thumbnailworker.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Calls of Modelibr's contract for tests: dequeue, claim a given job, finish on the job's own route, read a job. */
final class ModelibrCalls {
  private ModelibrCalls() {}

  /** {@code POST /thumbnail-jobs/dequeue}: the job, or null on 204. */
  static JsonObject dequeue(ApiTestClient http, String workerId) {
    HttpResponse<Buffer> r = http.post("/thumbnail-jobs/dequeue", new JsonObject().put("workerId", workerId));
    if (r.statusCode() == 204) return null;
    if (r.statusCode() != 200) throw new AssertionError("dequeue answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Dequeues until it gets {@code jobId}; jobs claimed on the way (other tests') are finished successfully. */
  static JsonObject claim(ApiTestClient http, long jobId, String workerId) {
    for (JsonObject j; (j = dequeue(http, workerId)) != null; ) {
      if (j.getLong("id") == jobId) return j;
      finishOk(http, j);
    }
    throw new AssertionError("job " + jobId + " was not claimable");
  }

  /** Dequeues until it holds every job of {@code jobIds}; other jobs claimed on the way are finished successfully. */
  static void claimAll(ApiTestClient http, java.util.Collection<Long> jobIds, String workerId) {
    java.util.Set<Long> missing = new java.util.HashSet<>(jobIds);
    for (JsonObject j; !missing.isEmpty() && (j = dequeue(http, workerId)) != null; ) {
      if (!missing.remove(j.getLong("id"))) finishOk(http, j);
    }
    if (!missing.isEmpty()) throw new AssertionError("jobs " + missing + " were not claimable");
  }

  /** The finish route of the job's own asset type. */
  static String finishPath(String assetType, long jobId) {
    return switch (assetType) {
      case "Sound" -> "/thumbnail-jobs/sounds/" + jobId + "/finish";
      case "TextureSet" -> "/thumbnail-jobs/texture-sets/" + jobId + "/finish";
      case "EnvironmentMap" -> "/thumbnail-jobs/environment-maps/" + jobId + "/finish";
      default -> "/thumbnail-jobs/" + jobId + "/finish";
    };
  }

  static void finishOk(ApiTestClient http, JsonObject job) {
    JsonObject body = new JsonObject().put("success", true).put("thumbnailPath", "/t.webp").put("waveformPath", "w.png");
    HttpResponse<Buffer> r = http.post(finishPath(job.getString("assetType"), job.getLong("id")), body);
    if (r.statusCode() != 200) throw new AssertionError("finish answered " + r.statusCode() + ": " + r.bodyAsString());
  }

  /** The job as {@code GET /thumbnail-jobs} lists it (Modelibr's status names). */
  static JsonObject job(ApiTestClient http, long id) {
    for (Object o : http.get("/thumbnail-jobs").bodyAsJsonArray()) {
      if (((JsonObject) o).getLong("id") == id) return (JsonObject) o;
    }
    throw new AssertionError("job " + id + " is not listed");
  }

  /** A multipart body built by hand, so a part can come without a Content-Type (clients always add one). */
  static final class Form {
    private final String boundary = "b-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Form field(String name, String value) {
      text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
      return this;
    }

    Form file(String name, String fileName, String contentType, byte[] content) {
      text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
          + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
      body.writeBytes(content);
      text("\r\n");
      return this;
    }

    HttpResponse<Buffer> post(ApiTestClient http, String path) {
      text("--" + boundary + "--\r\n");
      return http.postRaw(path, "multipart/form-data; boundary=" + boundary, Buffer.buffer(body.toByteArray()));
    }

    private void text(String s) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
