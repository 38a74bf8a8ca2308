package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An upload arriving in two TCP segments, split at every byte position, is stored byte for byte. (Netty's multipart
 * decoder kept a stray CR when the split fell between the CR and LF before the closing boundary; see MultipartUpload.)
 */
class MultipartSplitTest {
  @Test
  @DisplayName("a multipart upload split into two segments at any byte is stored exactly")
  void everySplitPosition(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      long modelId = http.uploadModel("split.obj", ApiTestClient.obj(5)).getLong("id");
      // a PNG whose tail holds CR, LF and dashes, so partial delimiters appear in the data itself
      byte[] png = TestImages.png(24, java.awt.Color.MAGENTA);
      byte[] tail = "\r\n--\r\r\n-\r\n\r".getBytes(StandardCharsets.ISO_8859_1);
      byte[] content = new byte[png.length + tail.length];
      System.arraycopy(png, 0, content, 0, png.length);
      System.arraycopy(tail, 0, content, png.length, tail.length);
      String expected = DurabilityTest.sha256(content);
      byte[] request = request(server.port(), modelId, content);
      List<String> wrong = new ArrayList<>();
      // every byte near the closing boundary (where the delimiter can be cut), every 8th byte elsewhere
      for (int cut = 1; cut < request.length; cut += cut >= request.length - 64 ? 1 : 8) {
        String hash = send(server.port(), request, cut);
        if (!expected.equals(hash)) wrong.add("cut " + cut + " -> " + hash);
      }
      assertEquals(List.of(), wrong);
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }

  private static byte[] request(int port, long modelId, byte[] content) {
    String boundary = "XyZ-boundary-42";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"width\"\r\n\r\n24\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(("POST /models/" + modelId + "/thumbnail/upload HTTP/1.1\r\nHost: localhost:" + port
        + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.size()
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    req.writeBytes(body.toByteArray());
    return req.toByteArray();
  }

  /** Sends the request in two writes split at {@code cut}; returns the stored content hash (or the error). */
  private static String send(int port, byte[] request, int cut) throws Exception {
    try (Socket s = new Socket("localhost", port)) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write(request, 0, cut);
      out.flush();
      Thread.sleep(2);                                     // not synchronisation: it makes the two writes two segments
      out.write(request, cut, request.length - cut);
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      JsonObject json = new JsonObject(body);
      return json.getString("hash", body);
    }
  }
}
