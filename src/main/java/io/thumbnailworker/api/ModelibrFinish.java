package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

/**
 * The body rules of Modelibr's four finish routes ({@code modelibr.md} REST table, {@code modelibr-assets.md} §1.8,
 * §2.3, §3.3): which fields a success and a failure need (400 {@code InvalidCommand}), the limits the Model route
 * checks (400 {@code ThumbnailJobFinishFailed}), and the failure messages the real server rejects only with a 500.
 * Each route is for one asset type: another type's job is 400 {@code InvalidJobType}.
 */
enum ModelibrFinish {
  MODEL(JobAsset.MODEL, "ThumbnailJobNotFound", "thumbnailPath"),
  SOUND(JobAsset.SOUND, "JobNotFound", "waveformPath"),
  TEXTURE_SET(JobAsset.TEXTURE_SET, "ThumbnailJobNotFound", "thumbnailPath"),
  ENVIRONMENT_MAP(JobAsset.ENVIRONMENT_MAP, "InvalidJobType", "thumbnailPath");

  /** A finish as reported: the result fields of a success, or the error of a failure. */
  record Command(boolean success, String path, Long sizeBytes, Integer width, Integer height, String errorMessage,
      SoundQueries.Metadata sound) {
    JobQueries.Result result() {
      return new JobQueries.Result(path, sizeBytes, width, height);
    }
  }

  final String assetType;
  /** The error code for a job id that does not exist (the environment-map route answers InvalidJobType). */
  final String notFoundCode;
  private final String pathField;

  ModelibrFinish(String assetType, String notFoundCode, String pathField) {
    this.assetType = assetType;
    this.notFoundCode = notFoundCode;
    this.pathField = pathField;
  }

  /** Reads the body and applies the checks made before the job is looked up; 400 {@code InvalidCommand} otherwise. */
  Command parse(JsonObject body) {
    Object rawSuccess = body.getValue("success", false);
    if (!(rawSuccess instanceof Boolean success)) throw invalid("success must be true or false");
    String path = string(body, pathField);
    String error = string(body, "errorMessage");
    if (this != TEXTURE_SET) {
      if (success && missing(path, this == ENVIRONMENT_MAP)) throw invalid("a successful finish needs " + pathField);
      if (!success && missing(error, this == ENVIRONMENT_MAP)) throw invalid("a failed finish needs errorMessage");
    }
    if (!success && error == null) error = "Unknown error";
    SoundQueries.Metadata sound = this != SOUND ? null : new SoundQueries.Metadata(number(body, "duration"),
        integer(body, "sampleRate"), integer(body, "channels"), string(body, "format"));
    Long size = body.getValue("sizeBytes") == null ? null : number(body, "sizeBytes").longValue();
    return new Command(success, path, size, integer(body, "width"), integer(body, "height"), error, sound);
  }

  /**
   * The checks made on the job itself: the Model route's limits (400 {@code ThumbnailJobFinishFailed}), and a failure
   * message the real server only rejects with a 500 (blank, or over 2,000 characters).
   */
  void check(Command cmd) {
    if (this == MODEL) {
      if (cmd.success()) {
        if ((cmd.width() != null && cmd.width() <= 0) || (cmd.height() != null && cmd.height() <= 0)) {
          throw finishFailed("width and height must be positive");
        }
        if (cmd.sizeBytes() != null && cmd.sizeBytes() < 0) throw finishFailed("sizeBytes must not be negative");
        if (cmd.path().isBlank() || cmd.path().length() > 500) throw finishFailed("thumbnailPath must be 1–500 characters");
      } else if (cmd.errorMessage().isBlank() || cmd.errorMessage().length() > 1000) {
        throw finishFailed("errorMessage must be 1–1000 characters");
      }
    } else if (!cmd.success() && (cmd.errorMessage().isBlank() || cmd.errorMessage().length() > 2000)) {
      throw new ApiException(500, "InternalServerError", "the failure message must be 1–2000 characters and not blank "
          + "(the real server fails with a 500 here too)");
    }
  }

  private static boolean missing(String s, boolean blankIsMissing) {
    return s == null || s.isEmpty() || (blankIsMissing && s.isBlank());
  }

  private static String string(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v != null && !(v instanceof String)) throw invalid(key + " must be a string");
    return (String) v;
  }

  private static Double number(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v != null && !(v instanceof Number)) throw invalid(key + " must be a number");
    return v == null ? null : ((Number) v).doubleValue();
  }

  private static Integer integer(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) return null;
    if (!(v instanceof Integer || v instanceof Long) || Math.abs(((Number) v).longValue()) > Integer.MAX_VALUE) {
      throw invalid(key + " must be an integer");
    }
    return ((Number) v).intValue();
  }

  static ApiException invalid(String message) {
    return new ApiException(400, "InvalidCommand", message);
  }

  private static ApiException finishFailed(String message) {
    return new ApiException(400, "ThumbnailJobFinishFailed", message);
  }
}
