package io.thumbnailworker.config;

import io.thumbnailworker.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ConfigServiceTest {
  @TempDir Path dir;
  private ConfigService service;

  @AfterEach
  void close() {
    if (service != null) service.close();
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
    return p;
  }

  @Test
  @DisplayName("defaults < file < environment < system properties < CLI flags")
  void precedence(Vertx vertx) throws Exception {
    Path file = Files.writeString(dir.resolve("config.json"),
        new JsonObject().put("RENDER_WIDTH", 300).put("RENDER_HEIGHT", 310).put("WEBP_QUALITY", 50).put("JPEG_QUALITY", 60).encode());
    var sources = new ConfigService.Sources(file, true,
        Map.of("RENDER_HEIGHT", "400", "WEBP_QUALITY", "51", "JPEG_QUALITY", "61", "UNRELATED", "x"),
        props("WEBP_QUALITY", "52", "JPEG_QUALITY", "62"),
        new JsonObject().put("JPEG_QUALITY", "63"));
    service = ConfigService.start(vertx, sources).await(10, TimeUnit.SECONDS);
    WorkerConfig cfg = service.current();
    assertEquals(256 + 44, cfg.integer(ConfigKey.RENDER_WIDTH), "file beats default");
    assertEquals(400, cfg.integer(ConfigKey.RENDER_HEIGHT), "env beats file");
    assertEquals(52, cfg.integer(ConfigKey.WEBP_QUALITY), "sysprop beats env");
    assertEquals(63, cfg.integer(ConfigKey.JPEG_QUALITY), "CLI beats sysprop");
    assertEquals(3, cfg.maxConcurrentJobs(), "default when nobody sets it");
    assertEquals(cfg.integer(ConfigKey.RENDER_HEIGHT), ConfigService.readOnce(sources).integer(ConfigKey.RENDER_HEIGHT),
        "the synchronous read agrees with Vert.x Config");
  }

  @Test
  void aBadValueFailsStartupNamingTheKey(Vertx vertx) {
    var sources = new ConfigService.Sources(dir.resolve("absent.json"), false, Map.of("MAX_CONCURRENT_JOBS", "0"),
        new Properties(), new JsonObject());
    var e = assertThrows(Exception.class, () -> ConfigService.start(vertx, sources).await(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().startsWith("MAX_CONCURRENT_JOBS"), e.getMessage());
  }

  @Test
  void anExplicitConfigFileMustExist(Vertx vertx) {
    var sources = new ConfigService.Sources(dir.resolve("absent.json"), true, Map.of(), new Properties(), new JsonObject());
    var e = assertThrows(Exception.class, () -> ConfigService.start(vertx, sources).await(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("config file not found"), e.getMessage());
  }

  @Test
  @DisplayName("hot reload applies a valid change live, rejects a bad one keeping the old, and flags restart-only keys")
  void hotReload(Vertx vertx) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 2).put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    service = ConfigService.start(vertx, new ConfigService.Sources(file, true, Map.of(), new Properties(), new JsonObject()))
        .await(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<JsonObject> announced = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CONFIG_CHANGED, m -> announced.add(m.body()))
        .completion().await(5, TimeUnit.SECONDS);
    assertEquals(2, service.current().maxConcurrentJobs());

    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 7).put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    JsonObject change = announced.poll(10, TimeUnit.SECONDS);
    assertNotNull(change, "a valid change is announced on " + Addresses.CONFIG_CHANGED);
    assertEquals("[\"MAX_CONCURRENT_JOBS\"]", change.getJsonArray("changed").encode());
    assertEquals(7, service.current().maxConcurrentJobs());

    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 1000).put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    awaitOutcome("rejected");
    assertEquals(7, service.current().maxConcurrentJobs(), "the running config stays");
    assertTrue(service.lastReload().getString("reason").startsWith("MAX_CONCURRENT_JOBS"));

    Files.writeString(file, "{ not json");
    awaitReason("config file unreadable");
    Thread.sleep(300); // several more scan periods: a malformed file must not change anything
    assertEquals(7, service.current().maxConcurrentJobs());

    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 7).put("WORKER_PORT", 4555)
        .put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    awaitOutcome("applied");
    assertEquals("[\"WORKER_PORT\"]", service.lastReload().getJsonArray("restartRequired").encode());
    assertEquals(3001, service.current().workerPort(), "a restart-only key keeps its running value");
  }

  @Test
  @DisplayName("after a hot reload, keys nobody gave still count as defaults (RENDER_BACKGROUND: the backend may choose)")
  void reloadKeepsDefaultsDefault(Vertx vertx) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 2).put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    service = ConfigService.start(vertx, new ConfigService.Sources(file, true, Map.of(), new Properties(), new JsonObject()))
        .await(10, TimeUnit.SECONDS);
    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 4).put("WORKER_PORT", 4555)
        .put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    awaitOutcome("applied");
    assertEquals(4, service.current().maxConcurrentJobs());
    assertTrue(service.current().isSet(ConfigKey.MAX_CONCURRENT_JOBS));
    assertFalse(service.current().isSet(ConfigKey.RENDER_BACKGROUND));
    Files.writeString(file, new JsonObject().put("MAX_CONCURRENT_JOBS", 4).put("RENDER_BACKGROUND", "#f0f0f0")
        .put("CONFIG_SCAN_PERIOD_MS", 100).encode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!service.current().isSet(ConfigKey.RENDER_BACKGROUND)) {
      assertTrue(System.nanoTime() < deadline, "RENDER_BACKGROUND given with its default value counts as set");
      Thread.sleep(20);
    }
  }

  private void awaitReason(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!service.lastReload().getString("reason", "").startsWith(prefix)) {
      if (System.nanoTime() > deadline) throw new AssertionError("no reload rejected with '" + prefix + "': " + service.lastReload());
      Thread.sleep(20);
    }
  }

  private void awaitOutcome(String outcome) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!outcome.equals(service.lastReload().getString("outcome"))) {
      if (System.nanoTime() > deadline) throw new AssertionError("no '" + outcome + "' reload: " + service.lastReload());
      Thread.sleep(20);
    }
  }
}
