package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Receives the parts the parser finds. File parts are written to scratch files as they arrive: with one file wanted,
 * only the first part named {@code file} (any other file part is only named in {@link UploadForm#otherFiles()}); with
 * several, every file part, up to {@code maxFiles}. Text fields are kept in memory up to {@value #MAX_FIELD_BYTES}
 * bytes each; a field may repeat. The file parts together may hold at most {@code maxFileBytes}.
 */
final class FormReceiver implements MultipartParser.Parts {
  static final int MAX_FIELD_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final BodyFlow flow;
  private final Path scratch;
  private final long maxFileBytes;
  private final int maxFiles;
  private final String what;
  private final PartFile.PauseCount pauses = new PartFile.PauseCount();
  private final Map<String, List<String>> fields = new LinkedHashMap<>();
  private final List<String> otherFiles = new ArrayList<>();
  private final List<UploadForm.FilePart> files = new ArrayList<>();
  private final List<PartFile> open = new ArrayList<>();
  private PartHeaders part;
  private PartFile current;
  private ByteArrayOutputStream field;
  private long partBytes;
  private long totalFileBytes;

  /** {@code maxFiles} 1 keeps the single-file rule: only the first part named {@code file} is stored. */
  FormReceiver(Vertx vertx, BodyFlow flow, Path scratch, long maxFileBytes, int maxFiles, String what) {
    this.vertx = vertx;
    this.flow = flow;
    this.scratch = scratch;
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
    this.what = what;
  }

  @Override
  public void start(PartHeaders headers) {
    part = headers;
    current = null;
    field = null;
    if (!headers.isFile()) {
      field = new ByteArrayOutputStream();
    } else if (maxFiles == 1 && (!open.isEmpty() || !headers.name().equals("file"))) {
      otherFiles.add(headers.name());                      // ignored: only one 'file' part is stored
    } else if (open.size() >= maxFiles) {
      throw ApiException.badRequest(what + " has more than " + maxFiles + " files");
    } else {
      current = new PartFile(vertx, flow, pauses, scratch.resolve("upload-" + UUID.randomUUID()));
      open.add(current);
      partBytes = 0;
    }
  }

  @Override
  public void data(byte[] bytes, int length) {
    if (length <= 0) return;
    if (current != null) {
      partBytes += length;
      totalFileBytes += length;
      if (totalFileBytes > maxFileBytes) throw ApiException.tooLarge(what + " is larger than the limit of " + maxFileBytes + " bytes");
      current.write(Arrays.copyOf(bytes, length));
    } else if (field != null) {
      if (field.size() + length > MAX_FIELD_BYTES) throw fieldTooLong(part.name());
      field.write(bytes, 0, length);
    }
  }

  @Override
  public void end() {
    if (current != null) {
      files.add(new UploadForm.FilePart(part.name(), part.fileName(), part.contentType(), current.path, partBytes));
    } else if (field != null) {
      fields.computeIfAbsent(part.name(), k -> new ArrayList<>()).add(field.toString(StandardCharsets.UTF_8));
    }
    field = null;
    current = null;
  }

  /** A text field over the limit: most likely a file sent without a filename, which is what makes a part a file. */
  private static ApiException fieldTooLong(String name) {
    if ("file".equals(name)) {
      return ApiException.badRequest("the part 'file' has no filename, so it was read as a text field, and text fields "
          + "hold at most " + MAX_FIELD_BYTES + " bytes: " + UploadForm.SEND_AS_FILE);
    }
    return ApiException.badRequest("the text field '" + name + "' is longer than " + MAX_FIELD_BYTES + " bytes; a file "
        + "must be sent as a file part, with a filename in its Content-Disposition");
  }

  /**
   * Closes every scratch file (waiting for its writes) and deletes it, whatever became of the upload: answered, failed,
   * or cut off with its connection. A file the upload's handler moved into the store is gone already.
   */
  Future<Void> discard() {
    return Future.join(open.stream().map(p -> p.close().otherwiseEmpty()
        .compose(v -> vertx.fileSystem().delete(p.path.toString())).otherwiseEmpty()).toList()).mapEmpty();
  }

  /** Closes every scratch file once its writes are done; fails with the first write failure. */
  Future<Void> closeFiles() {
    return Future.all(open.stream().map(PartFile::close).toList()).mapEmpty();
  }

  UploadForm form() {
    return new UploadForm(files, fields, otherFiles);
  }
}
