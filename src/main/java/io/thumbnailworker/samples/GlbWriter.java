package io.thumbnailworker.samples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes one textured mesh as a glTF 2.0 binary (GLB). */
public final class GlbWriter {
  private GlbWriter() {}

  /** One textured, single-sided glTF binary: a mesh with normals, UVs and uint32 indices, its base colour a PNG. */
  public static byte[] texturedGlb(List<float[]> pos, List<float[]> nrm, List<float[]> uv, List<Integer> idx, byte[] image) {
    int n = pos.size();
    ByteBuffer bin = ByteBuffer.allocate(n * 32 + idx.size() * 4 + image.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE}, max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
    for (float[] p : pos) {
      for (int k = 0; k < 3; k++) {
        bin.putFloat(p[k]);
        min[k] = Math.min(min[k], p[k]);
        max[k] = Math.max(max[k], p[k]);
      }
    }
    for (float[] p : nrm) for (float f : p) bin.putFloat(f);
    for (float[] p : uv) for (float f : p) bin.putFloat(f);
    for (int i : idx) bin.putInt(i);
    int imageOffset = bin.position();
    bin.put(image);
    while (bin.position() % 4 != 0) bin.put((byte) 0);
    int binLen = bin.position();
    JsonObject json = new JsonObject()
        .put("asset", new JsonObject().put("version", "2.0").put("generator", "thumbnail-worker SampleModels"))
        .put("scene", 0)
        .put("scenes", new JsonArray().add(new JsonObject().put("nodes", new JsonArray().add(0))))
        .put("nodes", new JsonArray().add(new JsonObject().put("mesh", 0).put("name", "globe")
            .put("rotation", new JsonArray().add(0).add(0).add(0.0871557).add(0.9961947))))
        .put("meshes", new JsonArray().add(new JsonObject().put("primitives", new JsonArray().add(new JsonObject()
            .put("attributes", new JsonObject().put("POSITION", 0).put("NORMAL", 1).put("TEXCOORD_0", 2))
            .put("indices", 3).put("material", 0)))))
        .put("materials", new JsonArray().add(new JsonObject().put("name", "globe")
            .put("pbrMetallicRoughness", new JsonObject().put("baseColorTexture", new JsonObject().put("index", 0))
                .put("metallicFactor", 0.0).put("roughnessFactor", 0.45))))
        .put("textures", new JsonArray().add(new JsonObject().put("source", 0).put("sampler", 0)))
        .put("samplers", new JsonArray().add(new JsonObject().put("magFilter", 9729).put("minFilter", 9987)))
        .put("images", new JsonArray().add(new JsonObject().put("bufferView", 4).put("mimeType", "image/png")))
        .put("buffers", new JsonArray().add(new JsonObject().put("byteLength", binLen)))
        .put("bufferViews", new JsonArray()
            .add(view(0, n * 12, 34962)).add(view(n * 12, n * 12, 34962)).add(view(n * 24, n * 8, 34962))
            .add(view(n * 32, idx.size() * 4, 34963)).add(new JsonObject().put("buffer", 0).put("byteOffset", imageOffset).put("byteLength", image.length)))
        .put("accessors", new JsonArray()
            .add(accessor(0, 5126, n, "VEC3").put("min", new JsonArray().add(min[0]).add(min[1]).add(min[2])).put("max", new JsonArray().add(max[0]).add(max[1]).add(max[2])))
            .add(accessor(1, 5126, n, "VEC3")).add(accessor(2, 5126, n, "VEC2")).add(accessor(3, 5125, idx.size(), "SCALAR")));
    byte[] js = json.encode().getBytes(StandardCharsets.UTF_8);
    int jsLen = (js.length + 3) / 4 * 4;
    ByteBuffer out = ByteBuffer.allocate(12 + 8 + jsLen + 8 + binLen).order(ByteOrder.LITTLE_ENDIAN);
    out.put("glTF".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(out.capacity());
    out.putInt(jsLen).put("JSON".getBytes(StandardCharsets.US_ASCII)).put(js);
    for (int i = js.length; i < jsLen; i++) out.put((byte) ' ');
    out.putInt(binLen).put("BIN\0".getBytes(StandardCharsets.US_ASCII)).put(bin.array(), 0, binLen);
    return out.array();
  }

  private static JsonObject view(int offset, int length, int target) {
    return new JsonObject().put("buffer", 0).put("byteOffset", offset).put("byteLength", length).put("target", target);
  }

  private static JsonObject accessor(int view, int type, int count, String kind) {
    return new JsonObject().put("bufferView", view).put("componentType", type).put("count", count).put("type", kind);
  }
}
