package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a multipart upload carried, as {@link MultipartUpload} leaves it on the routing context: the file parts it
 * stored (on disk in the scratch directory, in the order sent) plus small text fields, each name with its values in
 * the order sent.
 *
 * @param files      the stored file parts
 * @param fields     text fields by name
 * @param otherFiles names of further file parts, which were not stored (single-file uploads)
 */
public record UploadForm(List<FilePart> files, Map<String, List<String>> fields, List<String> otherFiles) {
  static final String KEY = "multipart";
  /** A part named {@code file} without a filename is a text field; what to do instead. */
  static final String SEND_AS_FILE = "send it as a file part, with a filename (Content-Disposition: form-data; "
      + "name=\"file\"; filename=\"model.obj\"; with curl: -F file=@model.obj)";

  /** One file part of an upload, on disk in the scratch directory. */
  public record FilePart(String field, String fileName, String contentType, Path path, long size) {}

  /** The form the upload handler read for this request. */
  public static UploadForm of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The first value of a text field, or null. */
  public String field(String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a text field, in the order sent; empty when absent. */
  public List<String> fieldValues(String name) {
    return fields.getOrDefault(name, List.of());
  }

  /** The one file in the field {@code file}; 400 when there is none or there are several. */
  public FilePart singleFile() {
    if (!otherFiles.isEmpty() || files.size() > 1) {
      throw ApiException.badRequest("send exactly one file, in the field 'file'; also got "
          + (otherFiles.isEmpty() ? files.stream().skip(1).map(FilePart::field).toList() : otherFiles));
    }
    if (files.isEmpty() || !files.get(0).field().equals("file")) throw missingFile("the multipart upload has no 'file' field");
    return files.get(0);
  }

  /**
   * 400 for an upload that lacks its file: {@code otherwise}, unless a part named {@code file} came without a filename
   * (which makes it a text field), which is then said.
   */
  public ApiException missingFile(String otherwise) {
    if (!fields.containsKey("file")) return ApiException.badRequest(otherwise);
    return ApiException.badRequest("the part 'file' has no filename, so it was read as a text field, not a file: " + SEND_AS_FILE);
  }
}
