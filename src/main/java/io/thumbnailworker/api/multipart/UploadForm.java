package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a multipart upload carried, as {@link MultipartUpload} leaves it on the routing context: at most one file
 * (the part named {@code file}, on disk in the scratch directory) plus small text fields.
 *
 * @param file       the file part, or null when there was none
 * @param fields     text fields by name
 * @param otherFiles names of further file parts, which were not stored
 */
public record UploadForm(FilePart file, Map<String, String> fields, List<String> otherFiles) {
  static final String KEY = "multipart";

  /** The file part of an upload, on disk in the scratch directory. */
  public record FilePart(String field, String fileName, String contentType, Path path, long size) {}

  /** The form the upload handler read for this request. */
  public static UploadForm of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public String field(String name) {
    return fields.get(name);
  }

  /** The one file in the field {@code file}; 400 when there is none or there are several. */
  public FilePart singleFile() {
    if (!otherFiles.isEmpty()) {
      throw ApiException.badRequest("send exactly one file, in the field 'file'; also got " + otherFiles);
    }
    if (file == null) throw ApiException.badRequest("the multipart upload has no 'file' field");
    return file;
  }
}
