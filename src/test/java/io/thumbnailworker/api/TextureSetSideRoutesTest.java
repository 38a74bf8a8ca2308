package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static io.thumbnailworker.api.ModelibrRoutesTest.error;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a worker sends about a texture set besides its thumbnails, over real sockets on the reference server (profile
 * modelibr, with a key): texture metadata, web proxies and extraction records, their rules, and reading them back.
 */
class TextureSetSideRoutesTest {
  static final String KEY = "side-key";
  @TempDir
  static Path data;
  static Vertx vertx;
  static ApiServer server;
  static ApiTestClient http;
  static WebClient raw;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).apiKey(KEY)
        .profile(ApiProfile.MODELIBR).build()));
    http = new ApiTestClient(vertx, server.port());
    http.apiKey = KEY;
    raw = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @AfterAll
  static void stop() {
    raw.close();
    http.close();
    ApiTestClient.await(server.close());
    ApiTestClient.await(vertx.close());
  }

  /** A multipart PUT of one {@code file} part (empty {@code content}: an empty file). */
  static HttpResponse<Buffer> putFile(String path, String name, byte[] content) {
    String boundary = "b-" + UUID.randomUUID();
    Buffer body = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
        + "\"\r\nContent-Type: image/webp\r\n\r\n").appendBytes(content).appendString("\r\n--" + boundary + "--\r\n");
    return ApiTestClient.await(raw.request(HttpMethod.PUT, path).putHeader("X-Api-Key", KEY)
        .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary).sendBuffer(body));
  }

  static JsonObject set() {
    return ModelibrRoutesTest.textureSetOn(http);
  }

  static long textureId(JsonObject set) {
    return set.getJsonArray("textures").getJsonObject(0).getLong("id");
  }

  @Test
  void textureMetadataIsStoredNormalisedAndUnknownTexturesAreIgnored() {
    JsonObject set = set();
    long id = set.getLong("id"), tid = textureId(set);
    JsonArray items = new JsonArray().add(new JsonObject().put("textureId", tid).put("width", 512).put("height", 0)
        .put("format", "  PNG-and-a-very-long-format-name ")).add(new JsonObject().put("textureId", 999_999).put("width", 8));
    HttpResponse<Buffer> r = http.send(HttpMethod.PUT, "/texture-sets/" + id + "/texture-metadata", new JsonObject().put("textures", items));
    assertEquals(204, r.statusCode(), r.bodyAsString());
    JsonObject stored = http.get("/texture-sets/" + id + "/texture-metadata").bodyAsJsonObject().getJsonArray("textures").getJsonObject(0);
    assertEquals(512, stored.getInteger("width"));
    assertNull(stored.getValue("height"), "a size of 0 is none");
    assertEquals("png-and-a-very-long-", stored.getString("format"));
    error(404, "TextureSet.NotFound", http.send(HttpMethod.PUT, "/texture-sets/987654/texture-metadata", new JsonObject()));
    HttpResponse<Buffer> anonymous = ApiTestClient.await(raw.request(HttpMethod.PUT, "/texture-sets/" + id + "/texture-metadata")
        .sendJsonObject(new JsonObject()));
    assertEquals(401, anonymous.statusCode());
  }

  @Test
  void aWebProxyIsCheckedStoredAndReplacesTheTexturesProxiesAtItsSize() {
    JsonObject set = set();
    long id = set.getLong("id"), tid = textureId(set);
    byte[] image = TestImages.png(4, Color.RED);
    String route = "/texture-sets/" + id + "/textures/" + tid + "/web-proxy";
    error(400, "InvalidSize", putFile(route, "wood_proxy_512.webp", image));
    error(400, "InvalidSize", putFile(route + "?size=300", "wood_proxy_300.webp", image));
    error(400, "InvalidFile", putFile(route + "?size=512", "wood_proxy_512.webp", new byte[0]));
    error(400, "TextureNotFound", putFile("/texture-sets/" + id + "/textures/999999/web-proxy?size=512", "x.webp", image));
    error(400, "TextureSetNotFound", putFile("/texture-sets/999999/textures/" + tid + "/web-proxy?size=512", "x.webp", image));
    HttpResponse<Buffer> ok = putFile(route + "?size=512", "wood_proxy_512.webp", image);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals(512, ok.bodyAsJsonObject().getInteger("size"));
    assertEquals(tid, ok.bodyAsJsonObject().getLong("textureId"));
    assertEquals(200, putFile(route + "?size=256", "wood_proxy_256.webp", image).statusCode());
    assertEquals(2, proxies(id).size(), "another size is added");
    long replacement = putFile(route + "?size=512", "wood_proxy_512.webp", image).bodyAsJsonObject().getLong("fileId");
    JsonArray after = proxies(id);
    assertEquals(1, after.size(), "a proxy at an existing size replaces every proxy of the texture: " + after);
    assertEquals(replacement, after.getJsonObject(0).getLong("fileId"));
    assertEquals(200, http.get("/files/" + replacement).statusCode());
  }

  private static JsonArray proxies(long setId) {
    return http.get("/texture-sets/" + setId).bodyAsJsonObject().getJsonArray("textures").getJsonObject(0).getJsonArray("proxies");
  }

  @Test
  void extractionRecordsAreCheckedAndUpserted() {
    String hash = "ab".repeat(32);
    JsonObject body = new JsonObject().putNull("versionId").put("fileSha256", hash).put("extractorVersion", 1)
        .put("schemaVersion", 0).putNull("outcome").put("payload", new JsonObject().put("version", 1).put("channelCount", 2))
        .put("warnings", new JsonArray());
    error(400, "UnsupportedAssetType", http.send(HttpMethod.PUT, "/assets/Model/5/extraction", body));
    error(400, "UnsupportedAssetType", http.send(HttpMethod.PUT, "/assets/textureset/5/extraction", body));
    error(400, "InvalidAssetId", http.send(HttpMethod.PUT, "/assets/TextureSet/0/extraction", body));
    error(400, "InvalidFileHash", http.send(HttpMethod.PUT, "/assets/Sound/5/extraction", body.copy().put("fileSha256", "abc")));
    assertEquals(204, http.send(HttpMethod.PUT, "/assets/TextureSet/5/extraction", body).statusCode());
    JsonObject again = body.copy().put("warnings", new JsonArray().add("one channel unreadable"));
    assertEquals(204, http.send(HttpMethod.PUT, "/assets/TextureSet/5/extraction", again).statusCode());
    JsonArray records = http.get("/assets/TextureSet/5/extraction").bodyAsJsonObject().getJsonArray("records");
    assertEquals(1, records.size(), "the same (type, id, version, hash) is replaced: " + records);
    assertEquals("Partial", records.getJsonObject(0).getString("outcome"), "warnings without an outcome: Partial");
    assertEquals(1, records.getJsonObject(0).getInteger("schemaVersion"));
    assertEquals(2, records.getJsonObject(0).getJsonObject("payload").getInteger("channelCount"));
    assertEquals(0, http.get("/assets/Sound/5/extraction").bodyAsJsonObject().getJsonArray("records").size());
    assertTrue(new String(http.get("/texture-sets").body().getBytes(), StandardCharsets.UTF_8).startsWith("["));
  }
}
