package io.thumbnailworker.cli;

import io.thumbnailworker.samples.SampleTextureSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientMultipartForm;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's texture set: the generated bricks ({@link SampleTextureSet}: albedo, normal, and AO/roughness/metalness
 * packed in one image) created with {@code POST /texture-sets} on a sphere, which enqueues its preview job; and the
 * sets' job statuses, for the demo's progress lines.
 */
final class DemoTextureSet {
  private DemoTextureSet() {}

  /**
   * Creates the set; its id. Sent with the core client's form in plain {@code multipart/form-data}: the web client's
   * form wraps several files of one field name in a nested {@code multipart/mixed} part, which the reference API
   * (like ASP.NET's form reader) does not take apart.
   */
  static long create(Vertx vertx, String base) throws Exception {
    List<Path> files = SampleTextureSet.write(Files.createTempDirectory("thumbnail-demo-textures-"));
    ClientMultipartForm form = ClientMultipartForm.multipartForm().mixed(false)
        .attribute("name", "bricks").attribute("previewGeometryType", "sphere");
    String[] types = {"Albedo", "Normal", "AO:R,Roughness:G,Metallic:B"};
    for (int i = 0; i < files.size(); i++) {
      form.binaryFileUpload("file", files.get(i).getFileName().toString(), "image/png", Buffer.buffer(Files.readAllBytes(files.get(i))))
          .attribute("textureType", types[i]);
    }
    HttpClient client = vertx.createHttpClient();
    try {
      HttpClientResponse resp = client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + "/texture-sets"))
          .compose(req -> req.send(form)).await(2, TimeUnit.MINUTES);
      Buffer body = resp.body().await(1, TimeUnit.MINUTES);
      if (resp.statusCode() != 201) {
        throw new IllegalStateException("creating the texture set answered " + resp.statusCode() + ": " + body);
      }
      return body.toJsonObject().getLong("id");
    } finally {
      client.close();
    }
  }

  /** Every texture set as {@code GET /texture-sets} lists it (name, jobStatus, thumbnailPath, …). */
  static JsonArray list(WebClient http, String base) throws Exception {
    return http.getAbs(base + "/texture-sets").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray();
  }

  static String describe(JsonObject set) {
    return "texture set " + set.getString("name");
  }
}
