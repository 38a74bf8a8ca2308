package io.thumbnailworker.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValidationTest {

  /** One accepted and one rejected value on each side of every key's allowed range (or set). */
  @ParameterizedTest(name = "{0}")
  @EnumSource(ConfigKey.class)
  @DisplayName("every key accepts its bounds and rejects values just past them, naming the key")
  void everyBound(ConfigKey key) {
    List<String> accepted = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    switch (key.type()) {
      case INT, LONG -> {
        long min = (long) key.min(), max = (long) key.max();
        accepted.addAll(List.of(String.valueOf(min), String.valueOf(max)));
        rejected.addAll(List.of(String.valueOf(min - 1), String.valueOf(max + 1), "abc", "1.5"));
      }
      case DOUBLE -> {
        accepted.addAll(List.of(String.valueOf(key.min()), String.valueOf(key.max())));
        rejected.addAll(List.of(String.valueOf(key.min() - 0.001), String.valueOf(key.max() + 0.001), "NaN", "x"));
      }
      case BOOL -> {
        accepted.addAll(List.of("true", "false", "1", "0"));
        rejected.addAll(List.of("maybe", "2"));
      }
      case CHOICE -> {
        accepted.addAll(key.choices());
        rejected.add("not-a-choice");
      }
      case URL -> {
        accepted.addAll(List.of("http://localhost:5009", "https://api.example.com/base"));
        rejected.addAll(List.of("ftp://x", "localhost:5009", "http://"));
      }
      case COLOR -> {
        accepted.addAll(List.of("#f0f0f0", "#FFF", "transparent"));
        rejected.addAll(List.of("f0f0f0", "#12345", "red"));
      }
      case STRING, SECRET -> accepted.addAll(List.of("", "anything"));
    }
    for (String ok : accepted) {
      key.parse(ok);
    }
    for (String bad : rejected) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> key.parse(bad), key + "=" + bad);
      assertTrue(e.getMessage().startsWith(key.name() + ": "), e.getMessage());
    }
  }

  @Test
  void defaultsAreValidAndMatchTheDesign() {
    WorkerConfig cfg = WorkerConfig.defaults();
    assertEquals(3001, cfg.workerPort());
    assertEquals("http://localhost:5009", cfg.apiBaseUrl());
    assertEquals(3, cfg.maxConcurrentJobs());
    assertEquals(5000, cfg.integer(ConfigKey.POLL_INTERVAL_MS));
    assertEquals(256, cfg.integer(ConfigKey.RENDER_WIDTH));
    assertEquals("#f0f0f0", cfg.string(ConfigKey.RENDER_BACKGROUND));
    assertEquals(1_000_000, cfg.integer(ConfigKey.MAX_POLYGON_COUNT));
    assertEquals(15.0, cfg.decimal(ConfigKey.ORBIT_ANGLE_STEP));
    assertTrue(cfg.workerId().startsWith("worker-"));
  }

  @Test
  void orbitEndMustExceedStart() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.from(new JsonObject().put("ORBIT_START_ANGLE", 90).put("ORBIT_END_ANGLE", 90)));
    assertTrue(e.getMessage().startsWith("ORBIT_END_ANGLE"), e.getMessage());
  }

  @Test
  void rolesAreCheckedOneByOne() {
    assertEquals(List.of("hub", "render"), List.copyOf(WorkerConfig.from(new JsonObject().put("WORKER_ROLES", "render, hub")).roles()));
    var e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.from(new JsonObject().put("WORKER_ROLES", "hub,gpu")));
    assertTrue(e.getMessage().contains("'gpu'"), e.getMessage());
  }

  @Test
  void jsonNumbersFromTheFileAreAccepted() {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("MAX_CONCURRENT_JOBS", 5).put("NORMALIZED_SCALE", 3)
        .put("ENABLE_ANTIALIASING", false));
    assertEquals(5, cfg.maxConcurrentJobs());
    assertEquals(3.0, cfg.decimal(ConfigKey.NORMALIZED_SCALE));
    assertFalse(cfg.flag(ConfigKey.ENABLE_ANTIALIASING));
  }

  @Test
  void nodeTlsVariableIsReadWhenTheOwnKeyIsAbsent() {
    assertFalse(WorkerConfig.from(new JsonObject().put("NODE_TLS_REJECT_UNAUTHORIZED", "0")).flag(ConfigKey.TLS_REJECT_UNAUTHORIZED));
    assertTrue(WorkerConfig.from(new JsonObject().put("NODE_TLS_REJECT_UNAUTHORIZED", "0").put("TLS_REJECT_UNAUTHORIZED", "1"))
        .flag(ConfigKey.TLS_REJECT_UNAUTHORIZED));
  }

  @Test
  void secretsAreMasked() {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("WORKER_API_KEY", "s3cret"));
    assertEquals(WorkerConfig.MASK, cfg.toMaskedJson().getString("WORKER_API_KEY"));
    assertFalse(cfg.toString().contains("s3cret"));
    assertEquals("s3cret", cfg.apiKey());
  }

  @Test
  @DisplayName("with API_PROFILE=modelibr a JOB_TIMEOUT_MS outside Modelibr's job lock is refused, naming the key; auto and spec take it")
  void jobTimeoutInsideModelibrsLock() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.from(new JsonObject().put("API_PROFILE", "modelibr").put("JOB_TIMEOUT_MS", 480_001)));
    assertTrue(e.getMessage().startsWith("JOB_TIMEOUT_MS: 480001 is not inside Modelibr's 10-minute job lock"), e.getMessage());
    assertEquals(480_000, WorkerConfig.from(new JsonObject().put("API_PROFILE", "modelibr").put("JOB_TIMEOUT_MS", 480_000))
        .integer(ConfigKey.JOB_TIMEOUT_MS));
    assertEquals("modelibr", WorkerConfig.from(new JsonObject().put("API_PROFILE", "MODELIBR")).apiProfile());
    for (String profile : List.of("auto", "spec")) {
      assertEquals(600_000, WorkerConfig.from(new JsonObject().put("API_PROFILE", profile).put("JOB_TIMEOUT_MS", 600_000))
          .integer(ConfigKey.JOB_TIMEOUT_MS), profile);
    }
    assertEquals("auto", WorkerConfig.defaults().apiProfile());
    var longId = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.from(new JsonObject().put("API_PROFILE", "modelibr").put("WORKER_ID", "w".repeat(101))));
    assertTrue(longId.getMessage().startsWith("WORKER_ID: 101 characters"), longId.getMessage());
  }

  @Test
  @DisplayName("a snapshot knows which keys a source gave and which are defaults, also when rebuilt from what was given")
  void knowsWhichKeysWereGiven() {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("RENDER_BACKGROUND", "#f0f0f0").put("NODE_TLS_REJECT_UNAUTHORIZED", "0"));
    assertTrue(cfg.isSet(ConfigKey.RENDER_BACKGROUND), "given, even with the default's value");
    assertTrue(cfg.isSet(ConfigKey.TLS_REJECT_UNAUTHORIZED), "given under its Node name");
    assertFalse(cfg.isSet(ConfigKey.RENDER_WIDTH));
    assertFalse(WorkerConfig.defaults().isSet(ConfigKey.RENDER_BACKGROUND));
    WorkerConfig again = WorkerConfig.from(cfg.givenJson());
    assertTrue(again.isSet(ConfigKey.RENDER_BACKGROUND));
    assertFalse(again.isSet(ConfigKey.RENDER_WIDTH));
    assertFalse(again.isSet(ConfigKey.WORKER_ID), "the generated worker id stays a default");
    assertEquals(cfg.workerId(), again.workerId());
  }
}
