package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import io.thumbnailworker.bus.Addresses;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.samples.SampleModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The render verticle over the event bus: contract of the reply, failures with codes, cancellation, health. */
@ExtendWith(VertxExtension.class)
class RenderVerticleTest {

  @Test
  @DisplayName("thumbnail.render replies with the contract fields, fails readably, honours cancel and deadline, reports GL")
  void serveOverTheEventBus(Vertx vertx, @TempDir Path dir) throws Exception {
    TestEngines.startOrSkip().close();   // skip cleanly where there is no EGL
    List<Path> samples = SampleModels.writeAll(dir.resolve("samples"));
    ConfigService.Sources sources = new ConfigService.Sources(dir.resolve("absent.json"), false, Map.of(), new Properties(),
        new JsonObject().put("CONFIG_SCAN_PERIOD_MS", "0").put("RENDER_THREADS", "1"));
    ConfigService config = ConfigService.start(vertx, sources).await(30, TimeUnit.SECONDS);
    RenderVerticle verticle = new RenderVerticle(config);
    String id = vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
    assertNotNull(verticle.glRenderer());
    assertEquals(1, verticle.threads());
    assertTrue(verticle.healthy());

    Path out = dir.resolve("out");
    JsonObject settings = RenderSettings.defaults().withSize(64, 64).withOrbit(0, 360, 90).toJson();
    JsonObject reply = request(vertx, new JsonObject().put("jobId", 7).put("modelPath", samples.get(1).toString())
        .put("fileType", "ply").put("outputDir", out.toString()).put("settings", settings)).await(60, TimeUnit.SECONDS).body();
    assertEquals(64, reply.getInteger("width"));
    assertEquals(64, reply.getInteger("height"));
    assertEquals(4, reply.getInteger("frameCount"));
    assertEquals(12, reply.getLong("triangles"));
    assertTrue(Files.size(Path.of(reply.getString("webpPath"))) > 0);
    assertTrue(Files.size(Path.of(reply.getString("posterPath"))) > 0);
    JsonObject t = reply.getJsonObject("timingsMs");
    assertNotNull(t.getDouble("load"));
    assertNotNull(t.getDouble("render"));
    assertNotNull(t.getDouble("encode"));

    // a PNG poster, and a texture set whose image cannot be decoded: the job succeeds and says so
    Path broken = Files.writeString(dir.resolve("broken.png"), "not a png");
    JsonObject png = request(vertx, new JsonObject().put("jobId", 10).put("modelPath", samples.get(1).toString())
        .put("outputDir", out.resolve("png").toString()).put("settings", settings).put("posterFormat", "png")
        .put("materials", new JsonArray().add(new JsonObject().put("materialName", "").put("uvScale", 2)
            .put("maps", new JsonArray().add(new JsonObject().put("type", "Albedo")
                .put("file", broken.toString()).put("channel", "RGB"))))))
        .await(60, TimeUnit.SECONDS).body();
    assertEquals(out.resolve("png").resolve(samples.get(1).getFileName() + ".png").toString(), png.getString("posterPath"));
    assertEquals(Files.size(Path.of(png.getString("posterPath"))), png.getLong("posterBytes"));
    assertTrue(png.getJsonArray("warnings").encode().contains("broken.png"), png.encode());
    ReplyException badFormat = failure(request(vertx, new JsonObject().put("jobId", 11).put("modelPath", samples.get(1).toString())
        .put("outputDir", out.toString()).put("settings", settings).put("posterFormat", "gif")));
    assertEquals(RenderException.BAD_MODEL, badFormat.failureCode());

    Path empty = Files.createFile(dir.resolve("empty.glb"));
    ReplyException bad = failure(request(vertx, new JsonObject().put("jobId", 8).put("modelPath", empty.toString())
        .put("outputDir", out.toString()).put("settings", settings)));
    assertEquals(RenderException.BAD_MODEL, bad.failureCode());
    assertEquals("model file is empty", bad.getMessage());

    JsonObject long360 = RenderSettings.defaults().withSize(128, 128).withOrbit(0, 360, 1).toJson();
    Future<Message<JsonObject>> running = request(vertx, new JsonObject().put("jobId", 101).put("modelPath", samples.get(0).toString())
        .put("outputDir", out.toString()).put("settings", long360));
    // cancel until it takes: a cancel that arrives before the job is registered finds nothing to stop
    long canceller = vertx.setPeriodic(50, x -> vertx.eventBus().publish(Addresses.RENDER_CANCEL, new JsonObject().put("jobId", 101)));
    ReplyException cancelled = failure(running);
    vertx.cancelTimer(canceller);
    assertEquals(RenderException.CANCELLED, cancelled.failureCode(), cancelled.getMessage());

    ReplyException late = failure(request(vertx, new JsonObject().put("jobId", 102).put("modelPath", samples.get(0).toString())
        .put("outputDir", out.toString()).put("settings", long360).put("deadline", System.currentTimeMillis() - 1)));
    assertEquals(RenderException.CANCELLED, late.failureCode());

    ReplyException missing = failure(request(vertx, new JsonObject().put("jobId", 9).put("outputDir", out.toString())));
    assertEquals(RenderException.BAD_MODEL, missing.failureCode());
    assertEquals("bad render request: modelPath is missing", missing.getMessage());

    assertTrue(verticle.healthy(), "still healthy after failures and a cancel");
    vertx.undeploy(id).await(60, TimeUnit.SECONDS);
    assertFalse(verticle.healthy());
    config.close();
  }

  private static Future<Message<JsonObject>> request(Vertx vertx, JsonObject body) {
    return vertx.eventBus().request(Addresses.RENDER, body, new DeliveryOptions().setSendTimeout(120_000));
  }

  private static ReplyException failure(Future<Message<JsonObject>> f) {
    Exception e = assertThrows(Exception.class, () -> f.await(120, TimeUnit.SECONDS));
    Throwable c = e instanceof ReplyException ? e : e.getCause();
    assertInstanceOf(ReplyException.class, c, String.valueOf(e));
    return (ReplyException) c;
  }
}
