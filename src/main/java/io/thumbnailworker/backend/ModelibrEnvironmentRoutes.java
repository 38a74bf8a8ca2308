package io.thumbnailworker.backend;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static io.thumbnailworker.backend.Payloads.number;
import static io.thumbnailworker.backend.Payloads.text;

/**
 * Modelibr's environment maps (modelibr-assets §2): {@code GET /environment-maps/{id}} lists the map's variants, each
 * with its {@code panoramicFile} or its six {@code cubeFaces}; the job names its variant in
 * {@code environmentMapVariantId}. The WebP goes to the variant's {@code thumbnail/upload}, the JPEG poster to
 * {@code thumbnail/png-upload} (both routes set the same thumbnail, so the WebP is uploaded first and the finish
 * report names it).
 */
final class ModelibrEnvironmentRoutes implements EnvironmentMapRoutes {
  static final ModelibrEnvironmentRoutes INSTANCE = new ModelibrEnvironmentRoutes();
  private static final List<String> FACES = List.of("px", "nx", "py", "ny", "pz", "nz");

  private ModelibrEnvironmentRoutes() {}

  @Override
  public String mapPath(DequeuedJob job) {
    return "/environment-maps/" + job.assetId();
  }

  @Override
  public Variant readVariant(DequeuedJob job, JsonObject map) {
    Long wanted = variantId(job);
    JsonObject variant = null;
    List<Long> ids = new ArrayList<>();
    for (Object o : map.getJsonArray("variants", new JsonArray())) {
      if (!(o instanceof JsonObject v)) continue;
      ids.add(number(v, "id"));
      if (wanted.equals(number(v, "id"))) variant = v;
    }
    if (variant == null) {
      throw new IllegalArgumentException("environment map " + job.assetId() + " has no variant " + wanted + " (variants: " + ids + ")");
    }
    if (variant.getValue("panoramicFile") instanceof JsonObject panoramic) {
      return new Variant(wanted, false, List.of(file("panoramic", panoramic, wanted)));
    }
    if (!(variant.getValue("cubeFaces") instanceof JsonObject faces)) {
      throw new IllegalArgumentException("variant " + wanted + " has neither a panoramicFile nor cubeFaces");
    }
    List<File> files = new ArrayList<>(6);
    for (String face : FACES) {
      if (!(faces.getValue(face) instanceof JsonObject f)) {
        throw new IllegalArgumentException("variant " + wanted + " has no cube face " + face);
      }
      files.add(file(face, f, wanted));
    }
    return new Variant(wanted, true, files);
  }

  private static File file(String face, JsonObject f, long variant) {
    Long id = number(f, "fileId");
    if (id == null) throw new IllegalArgumentException("variant " + variant + "'s " + face + " file has no numeric fileId");
    String name = text(f, "fileName");
    return new File(face, id, name == null ? face : name);
  }

  private static Long variantId(DequeuedJob job) {
    Long id = number(job.body(), "environmentMapVariantId");
    if (id == null) throw new IllegalArgumentException("the job names no environmentMapVariantId");
    return id;
  }

  @Override
  public String uploadPath(DequeuedJob job, String contentType) {
    String route = "image/webp".equals(contentType) ? "upload" : "png-upload";
    return "/environment-maps/" + job.assetId() + "/variants/" + variantId(job) + "/thumbnail/" + route;
  }

  @Override
  public String posterFormat() {
    return "jpeg";
  }
}
