package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpServerRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives the parts the parser finds: the first file part named {@code file} is written to the scratch file as it
 * arrives (pausing the request while the file's write queue is full), text fields are kept in memory up to
 * {@value #MAX_FIELD_BYTES} bytes each, and any other file part is only named in {@link UploadForm#otherFiles()}.
 */
final class FormReceiver implements MultipartParser.Parts {
  static final int MAX_FIELD_BYTES = 64 * 1024;

  private final HttpServerRequest req;
  private final AsyncFile out;
  private final Path outPath;
  private final long maxFileBytes;
  private final String what;
  private final Map<String, String> fields = new HashMap<>();
  private final List<String> otherFiles = new ArrayList<>();
  private PartHeaders part;
  private boolean partIsFile;
  private boolean fileTaken;
  private ByteArrayOutputStream field;
  private long fileBytes;
  private UploadForm.FilePart file;

  FormReceiver(HttpServerRequest req, AsyncFile out, Path outPath, long maxFileBytes, String what) {
    this.req = req;
    this.out = out;
    this.outPath = outPath;
    this.maxFileBytes = maxFileBytes;
    this.what = what;
  }

  @Override
  public void start(PartHeaders headers) {
    part = headers;
    partIsFile = headers.isFile();
    field = null;
    if (partIsFile && (fileTaken || !headers.name().equals("file"))) {
      otherFiles.add(headers.name());                      // ignored: only one 'file' part is stored
      partIsFile = false;
    } else if (partIsFile) {
      fileTaken = true;
      fileBytes = 0;
    } else {
      field = new ByteArrayOutputStream();
    }
  }

  @Override
  public void data(byte[] bytes, int length) {
    if (length <= 0) return;
    if (partIsFile) {
      fileBytes += length;
      if (fileBytes > maxFileBytes) throw ApiException.tooLarge(what + " is larger than the limit of " + maxFileBytes + " bytes");
      out.write(Buffer.buffer(Arrays.copyOf(bytes, length)));
      if (out.writeQueueFull()) {
        req.pause();
        out.drainHandler(v -> req.resume());
      }
    } else if (field != null) {
      if (field.size() + length > MAX_FIELD_BYTES) throw MultipartParser.malformed("the form field '" + part.name() + "' is too long");
      field.write(bytes, 0, length);
    }
  }

  @Override
  public void end() {
    if (partIsFile) {
      file = new UploadForm.FilePart(part.name(), part.fileName(), part.contentType(), outPath, fileBytes);
    } else if (field != null) {
      fields.put(part.name(), field.toString(StandardCharsets.UTF_8));
    }
    field = null;
    partIsFile = false;
  }

  UploadForm form() {
    return new UploadForm(file, fields, otherFiles);
  }
}
