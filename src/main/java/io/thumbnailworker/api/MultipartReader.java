package io.thumbnailworker.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A streaming multipart/form-data reader for uploads: the one file part is written to a scratch file as it arrives
 * (with back-pressure), small form fields are kept in memory. We use this instead of Vert.x Web's BodyHandler because
 * the Netty decoder under it (4.2.9) stores a stray CR at the end of a file whenever a TCP segment ends between the CR
 * and the LF before the closing boundary — it happened on about one upload in six from the Vert.x WebClient.
 */
final class MultipartReader {
  static final String KEY = "multipart";
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_FIELD_BYTES = 64 * 1024;

  /** The file part of an upload, on disk in the scratch directory. */
  record FilePart(String field, String fileName, String contentType, Path path, long size) {}

  /** What was uploaded: at most one file, plus text fields. */
  record Form(FilePart file, Map<String, String> fields, List<String> otherFiles) {
    String field(String name) { return fields.get(name); }
  }

  private enum State { PREAMBLE, AFTER_BOUNDARY, HEADERS, BODY, DONE }

  private final byte[] dashBoundary;     // --boundary
  private final byte[] delimiter;        // \r\n--boundary
  private final long maxFileBytes;
  private final String what;
  private final AsyncFile out;
  private final Path outPath;
  private final HttpServerRequest req;
  private final Map<String, String> fields = new HashMap<>();
  private final List<String> otherFiles = new ArrayList<>();
  private byte[] pending = new byte[0];
  private State state = State.PREAMBLE;
  private boolean partIsFile;
  private boolean fileTaken;
  private String partName;
  private String partFileName;
  private String partType;
  private java.io.ByteArrayOutputStream field;
  private long fileBytes;
  private FilePart file;
  private ApiException error;

  private MultipartReader(HttpServerRequest req, String boundary, AsyncFile out, Path outPath, long maxFileBytes, String what) {
    this.req = req;
    this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.out = out;
    this.outPath = outPath;
    this.maxFileBytes = maxFileBytes;
    this.what = what;
  }

  /**
   * A route handler that reads the multipart body into {@code ctx.get(KEY)} ({@link Form}) and then calls
   * {@code ctx.next()}; errors become 400/413 through {@code ctx.fail}. The scratch file is removed when the response
   * ends unless the upload handler moved it into the store.
   */
  static Handler<RoutingContext> handler(Vertx vertx, Path scratch, long maxFileBytes, String what) {
    return ctx -> {
      HttpServerRequest req = ctx.request();
      String boundary = boundary(req.getHeader("Content-Type"));
      if (boundary == null) {
        throw ApiException.badRequest("expected a multipart/form-data upload with a 'file' field, got Content-Type "
            + (req.getHeader("Content-Type") == null ? "(none)" : "'" + req.getHeader("Content-Type") + "'"));
      }
      Path path = scratch.resolve("upload-" + UUID.randomUUID());
      ctx.addEndHandler(v -> vertx.fileSystem().delete(path.toString()).otherwise((Void) null));
      req.pause();
      vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true)).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
          return;
        }
        MultipartReader reader = new MultipartReader(req, boundary, ar.result(), path, maxFileBytes, what);
        req.handler(reader::feed);
        req.exceptionHandler(e -> ar.result().close());
        req.endHandler(v -> reader.finish(ctx));
        req.resume();
      });
    };
  }

  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) return null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring(9).trim();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
        return b.isEmpty() || b.length() > 200 ? null : b;
      }
    }
    return null;
  }

  private void feed(Buffer data) {
    if (error != null || state == State.DONE) return;   // discard the rest; the answer is sent at the end
    byte[] in = data.getBytes();
    byte[] joined = new byte[pending.length + in.length];
    System.arraycopy(pending, 0, joined, 0, pending.length);
    System.arraycopy(in, 0, joined, pending.length, in.length);
    pending = joined;
    try {
      parse();
    } catch (ApiException e) {
      error = e;
      pending = new byte[0];
    }
  }

  private void parse() {
    while (true) {
      switch (state) {
        case PREAMBLE -> {
          int at = indexOf(pending, dashBoundary, 0);
          if (at < 0) {
            keepTail(dashBoundary.length - 1);
            return;
          }
          consume(at + dashBoundary.length);
          state = State.AFTER_BOUNDARY;
        }
        case AFTER_BOUNDARY -> {
          if (pending.length < 2) return;
          if (pending[0] == '-' && pending[1] == '-') {
            state = State.DONE;
            pending = new byte[0];
            return;
          }
          int eol = indexOf(pending, new byte[] {'\r', '\n'}, 0);   // transport padding may precede the CRLF
          if (eol < 0) {
            if (pending.length > 256) throw malformed("no line break after a boundary");
            return;
          }
          consume(eol + 2);
          state = State.HEADERS;
        }
        case HEADERS -> {
          int end = indexOf(pending, new byte[] {'\r', '\n', '\r', '\n'}, 0);
          if (end < 0) {
            if (pending.length > MAX_HEADER_BYTES) throw malformed("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            return;
          }
          startPart(new String(pending, 0, end, StandardCharsets.UTF_8));
          consume(end + 4);
          state = State.BODY;
        }
        case BODY -> {
          int at = indexOf(pending, delimiter, 0);
          if (at < 0) {
            int safe = pending.length - (delimiter.length - 1);
            if (safe > 0) {
              partData(pending, safe);
              consume(safe);
            }
            return;
          }
          partData(pending, at);
          consume(at + delimiter.length);
          endPart();
          state = State.AFTER_BOUNDARY;
        }
        case DONE -> {
          return;
        }
      }
    }
  }

  private void startPart(String headers) {
    partName = null;
    partFileName = null;
    partType = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("content-disposition")) disposition(value);
      else if (key.equals("content-type")) partType = value;
    }
    if (partName == null) throw malformed("a part has no Content-Disposition name");
    partIsFile = partFileName != null;
    if (partIsFile && (fileTaken || !partName.equals("file"))) {
      otherFiles.add(partName);
      partIsFile = false;
      field = null;                                        // ignored: only one 'file' part is stored
    } else if (partIsFile) {
      fileTaken = true;
      fileBytes = 0;
    } else {
      field = new java.io.ByteArrayOutputStream();
    }
  }

  /** form-data; name="file"; filename="a.obj"; filename*=UTF-8''a%20b.obj */
  private void disposition(String value) {
    String star = null;
    for (String param : splitParams(value)) {
      int eq = param.indexOf('=');
      if (eq < 0) continue;
      String k = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = unquote(param.substring(eq + 1).trim());
      switch (k) {
        case "name" -> partName = v;
        case "filename" -> partFileName = v;
        case "filename*" -> star = v;
        default -> { }
      }
    }
    if (star != null) {
      int q = star.indexOf("''");
      if (q >= 0) {
        try {
          partFileName = URLDecoder.decode(star.substring(q + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw malformed("the filename* parameter is not valid percent-encoding");
        }
      }
    }
  }

  private static List<String> splitParams(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) quoted = !quoted;
      if (c == ';' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return v;
  }

  private void partData(byte[] bytes, int length) {
    if (length <= 0) return;
    if (partIsFile) {
      fileBytes += length;
      if (fileBytes > maxFileBytes) throw ApiException.tooLarge(what + " is larger than the limit of " + maxFileBytes + " bytes");
      out.write(Buffer.buffer(java.util.Arrays.copyOf(bytes, length)));
      if (out.writeQueueFull()) {
        req.pause();
        out.drainHandler(v -> req.resume());
      }
    } else if (field != null) {
      if (field.size() + length > MAX_FIELD_BYTES) throw malformed("the form field '" + partName + "' is too long");
      field.write(bytes, 0, length);
    }
  }

  private void endPart() {
    if (partIsFile) {
      file = new FilePart(partName, partFileName, partType, outPath, fileBytes);
    } else if (field != null) {
      fields.put(partName, field.toString(StandardCharsets.UTF_8));
    }
    field = null;
    partIsFile = false;
  }

  private void finish(RoutingContext ctx) {
    out.close().onComplete(closed -> {
      if (error != null) {
        ctx.fail(error);
      } else if (state != State.DONE) {
        ctx.fail(malformed("the body ended before the closing boundary"));
      } else if (closed.failed()) {
        ctx.fail(closed.cause());
      } else {
        ctx.put(KEY, new Form(file, fields, otherFiles));
        ctx.next();
      }
    });
  }

  private ApiException malformed(String why) {
    return ApiException.badRequest("the multipart upload is malformed: " + why);
  }

  private void consume(int n) {
    pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
  }

  private void keepTail(int n) {
    if (pending.length > n) consume(pending.length - n);
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
