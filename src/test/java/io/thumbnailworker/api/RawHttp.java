package io.thumbnailworker.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 client socket, for behaving as no library would: silence, trickled headers, stalled bodies. */
final class RawHttp implements AutoCloseable {
  static final String BOUNDARY = "rawB0undary";
  final Socket socket;
  final long openedAt = System.nanoTime();

  RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
  }

  /** Headers of a keyed multipart upload to {@code /models} whose body will be {@code contentLength} bytes. */
  static String uploadHeaders(String key, long contentLength) {
    return "POST /models HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + key + "\r\nContent-Type: multipart/form-data; boundary="
        + BOUNDARY + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
  }

  /** The start of the one file part, up to its content. */
  static String partStart(String fileName) {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
  }

  static String bodyEnd() {
    return "\r\n--" + BOUNDARY + "--\r\n";
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Milliseconds since the socket was opened. */
  long age() {
    return (System.nanoTime() - openedAt) / 1_000_000;
  }

  /**
   * Sends {@code bytes} one at a time, {@code everyMs} apart (then nothing), until the server closes the connection
   * or {@code maxMs} pass since it was opened; answers read meanwhile are discarded.
   *
   * @return the socket's age when the server closed it, or -1 when it never did
   */
  long trickleUntilClosed(byte[] bytes, long everyMs, long maxMs) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    for (int i = 0; age() < maxMs; i++) {
      if (i < bytes.length) {
        try {
          send(new byte[] {bytes[i]});
        } catch (IOException closed) {
          return age();
        }
      }
      socket.setSoTimeout((int) Math.max(1, Math.min(everyMs, maxMs - age())));
      try {
        if (in.read(buf) < 0) return age();
      } catch (SocketTimeoutException stillOpen) {
        // keep going
      } catch (IOException reset) {
        return age();
      }
    }
    return -1;
  }

  /** Waits, sending nothing, until the server closes the connection or {@code maxMs} pass since it was opened. */
  long silentUntilClosed(long maxMs) throws IOException {
    return trickleUntilClosed(new byte[0], 200, maxMs);
  }

  /** Reads one response (headers and a Content-Length body); returns its status line. */
  String readResponse() throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed before the response headers ended: " + head);
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) in.readNBytes(Integer.parseInt(line.substring(15).trim()));
    }
    return headers.substring(0, headers.indexOf("\r\n"));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
