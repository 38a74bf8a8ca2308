package io.thumbnailworker.cli;

import io.thumbnailworker.samples.SampleTextureSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

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

  /** Creates the set; its id. */
  static long create(WebClient http, String base) throws Exception {
    List<Path> files = SampleTextureSet.write(Files.createTempDirectory("thumbnail-demo-textures-"));
    MultipartForm form = MultipartForm.create().attribute("name", "bricks").attribute("previewGeometryType", "sphere");
    String[] types = {"Albedo", "Normal", "AO:R,Roughness:G,Metallic:B"};
    for (int i = 0; i < files.size(); i++) {
      form.binaryFileUpload("file", files.get(i).getFileName().toString(), files.get(i).toString(), "image/png")
          .attribute("textureType", types[i]);
    }
    HttpResponse<?> resp = http.postAbs(base + "/texture-sets").sendMultipartForm(form).await(2, TimeUnit.MINUTES);
    if (resp.statusCode() != 201) {
      throw new IllegalStateException("creating the texture set answered " + resp.statusCode() + ": " + resp.bodyAsString());
    }
    return resp.bodyAsJsonObject().getLong("id");
  }

  /** Every texture set as {@code GET /texture-sets} lists it (name, jobStatus, thumbnailPath, …). */
  static JsonArray list(WebClient http, String base) throws Exception {
    return http.getAbs(base + "/texture-sets").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray();
  }

  static String describe(JsonObject set) {
    return "texture set " + set.getString("name");
  }
}
