package io.thumbnailworker.backend;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What an environment-map job needs from a contract that has them: where the map is read, which of its variants the
 * job is about and that variant's files, and where the rendered WebP and poster go ({@link Backend#uploadPath} answers
 * for such jobs from here). Files are downloaded with {@link Backend#storedFilePath}.
 */
public interface EnvironmentMapRoutes {
  /** One stored file of a variant: the panorama ({@code face} "panoramic") or a cube face {@code px … nz}. */
  record File(String face, long fileId, String fileName) {}

  /** The variant to render: one panoramic file, or the six faces in the order px, nx, py, ny, pz, nz. */
  record Variant(long id, boolean cube, List<File> files) {}

  /** Where the job's environment map is read. */
  String mapPath(DequeuedJob job);

  /**
   * The job's variant in the map answer.
   * @throws IllegalArgumentException saying what is missing: no variant named by the job, not in the map, or files
   *     missing
   */
  Variant readVariant(DequeuedJob job, JsonObject map);

  /** The route an image of {@code contentType} is uploaded to. */
  String uploadPath(DequeuedJob job, String contentType);

  /** The poster's format, {@code jpeg} or {@code png}. */
  String posterFormat();
}
