package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Blocking HTTP helper for tests: real sockets, Vert.x WebClient, awaited from the test thread. */
final class ApiTestClient implements AutoCloseable {
  final WebClient web;
  final String host = "localhost";
  final int port;
  String apiKey;

  ApiTestClient(Vertx vertx, int port) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port));
    this.port = port;
  }

  String baseUrl() {
    return "http://" + host + ":" + port;
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    var req = web.request(method, path);
    if (apiKey != null) req.putHeader("X-Api-Key", apiKey);
    var f = body == null ? req.send() : req.sendJsonObject(body);
    return await(f);
  }

  HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  HttpResponse<Buffer> postRaw(String path, String contentType, Buffer body) {
    var req = web.post(path).putHeader("Content-Type", contentType);
    if (apiKey != null) req.putHeader("X-Api-Key", apiKey);
    return await(req.sendBuffer(body));
  }

  HttpResponse<Buffer> upload(String path, String fileName, byte[] content, String contentType, JsonObject attributes) {
    try {
      Path tmp = Files.createTempFile("upload", ".bin");
      try {
        Files.write(tmp, content);
        MultipartForm form = MultipartForm.create();
        if (attributes != null) attributes.forEach(e -> form.attribute(e.getKey(), String.valueOf(e.getValue())));
        form.binaryFileUpload("file", fileName, tmp.toString(), contentType);
        var req = web.post(path);
        if (apiKey != null) req.putHeader("X-Api-Key", apiKey);
        return await(req.sendMultipartForm(form));
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** POST /models; returns the 201 body (fails the test otherwise). */
  JsonObject uploadModel(String name, byte[] content) {
    HttpResponse<Buffer> r = upload("/models", name, content, "application/octet-stream", null);
    if (r.statusCode() != 201) throw new AssertionError("upload of " + name + " answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  JsonObject dequeue(String workerId) {
    HttpResponse<Buffer> r = post("/api/thumbnail-jobs/dequeue", new JsonObject().put("workerId", workerId));
    if (r.statusCode() == 204) return null;
    if (r.statusCode() != 200) throw new AssertionError("dequeue answered " + r.statusCode() + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  JsonArray jobs(String status) {
    return get("/api/thumbnail-jobs" + (status == null ? "" : "?status=" + status)).bodyAsJsonArray();
  }

  JsonObject job(long id) {
    for (Object o : jobs(null)) if (((JsonObject) o).getLong("id") == id) return (JsonObject) o;
    return null;
  }

  /** Future.await with a 60 s limit, as an unchecked call (tests run on a non-Vert.x thread). */
  static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 60 s", e);
    }
  }

  static byte[] obj(int variant) {
    return ("# model " + variant + "\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n").getBytes();
  }

  @Override
  public void close() {
    web.close();
  }
}
