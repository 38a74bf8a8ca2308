package io.thumbnailworker.api.multipart;

import io.thumbnailworker.api.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level multipart/form-data state machine: finds the boundaries in a body that arrives in chunks cut
 * anywhere (a delimiter may straddle two chunks), parses each part's headers and hands part data to a {@link Parts}
 * as soon as it cannot be the start of a delimiter. Holds back at most one delimiter's length of data.
 */
final class MultipartParser {
  static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  /** Receives the parts as they are parsed. */
  interface Parts {
    void start(PartHeaders headers);

    /** The first {@code length} bytes of {@code bytes} belong to the current part. */
    void data(byte[] bytes, int length);

    void end();
  }

  private enum State { PREAMBLE, AFTER_BOUNDARY, HEADERS, BODY, DONE }

  private final byte[] dashBoundary;     // --boundary
  private final byte[] delimiter;        // \r\n--boundary
  private final Parts parts;
  private byte[] pending = new byte[0];
  private State state = State.PREAMBLE;

  MultipartParser(String boundary, Parts parts) {
    this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.parts = parts;
  }

  /** True once the closing boundary was read. */
  boolean done() {
    return state == State.DONE;
  }

  /** Parses as far as the bytes so far allow; throws a 400/413 {@link ApiException} for a malformed or oversized body. */
  void feed(byte[] in) {
    if (state == State.DONE) return;
    byte[] joined = Arrays.copyOf(pending, pending.length + in.length);
    System.arraycopy(in, 0, joined, pending.length, in.length);
    pending = joined;
    while (step()) {
      // each step consumes what it can; false when it needs more bytes or the body is done
    }
  }

  private boolean step() {
    return switch (state) {
      case PREAMBLE -> preamble();
      case AFTER_BOUNDARY -> afterBoundary();
      case HEADERS -> headers();
      case BODY -> body();
      case DONE -> false;
    };
  }

  private boolean preamble() {
    int at = indexOf(pending, dashBoundary);
    if (at < 0) {
      if (pending.length > dashBoundary.length - 1) consume(pending.length - (dashBoundary.length - 1));
      return false;
    }
    consume(at + dashBoundary.length);
    state = State.AFTER_BOUNDARY;
    return true;
  }

  private boolean afterBoundary() {
    if (pending.length < 2) return false;
    if (pending[0] == '-' && pending[1] == '-') {
      state = State.DONE;
      pending = new byte[0];
      return false;
    }
    int eol = indexOf(pending, CRLF);                       // transport padding may precede the CRLF
    if (eol < 0) {
      if (pending.length > 256) throw malformed("no line break after a boundary");
      return false;
    }
    consume(eol + 2);
    state = State.HEADERS;
    return true;
  }

  private boolean headers() {
    int end = indexOf(pending, HEADER_END);
    if (end < 0) {
      if (pending.length > MAX_HEADER_BYTES) throw malformed("part headers longer than " + MAX_HEADER_BYTES + " bytes");
      return false;
    }
    PartHeaders headers = PartHeaders.parse(new String(pending, 0, end, StandardCharsets.UTF_8));
    if (headers.name() == null) throw malformed("a part has no Content-Disposition name");
    parts.start(headers);
    consume(end + 4);
    state = State.BODY;
    return true;
  }

  private boolean body() {
    int at = indexOf(pending, delimiter);
    if (at < 0) {
      int safe = pending.length - (delimiter.length - 1);
      if (safe > 0) {
        parts.data(pending, safe);
        consume(safe);
      }
      return false;
    }
    parts.data(pending, at);
    consume(at + delimiter.length);
    parts.end();
    state = State.AFTER_BOUNDARY;
    return true;
  }

  static ApiException malformed(String why) {
    return ApiException.badRequest("the multipart upload is malformed: " + why);
  }

  private void consume(int n) {
    pending = Arrays.copyOfRange(pending, n, pending.length);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
