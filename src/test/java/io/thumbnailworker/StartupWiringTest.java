package io.thumbnailworker;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The two start-up shortcuts found through {@code META-INF/services}: Vert.x JSON without jackson-databind, and
 * Logback configured in code rather than from XML. If a service file went missing, both would still work, just
 * slower to start, so only a test notices.
 */
class StartupWiringTest {

  @Test
  @DisplayName("Vert.x JSON uses the jackson-core codec, not databind, and still round-trips what the project sends")
  void coreJsonCodec() {
    assertSame(JacksonCodec.class, Json.CODEC.getClass(), "codec in use: " + Json.CODEC.getClass().getName());
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    JsonObject o = new JsonObject().put("id", "j1").put("at", now).put("n", 3).put("nested", new JsonObject().put("ok", true));
    JsonObject back = new JsonObject(o.encode());
    assertEquals("j1", back.getString("id"));
    assertEquals(now, back.getInstant("at"));
    assertTrue(back.getJsonObject("nested").getBoolean("ok"));
  }

  @Test
  @DisplayName("Logback starts with our console appender on stderr, configured without logback.xml")
  void logbackConfiguredInCode() {
    Logger log = LoggerFactory.getLogger(StartupWiringTest.class);
    log.debug("touch");
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    assertInstanceOf(ConsoleAppender.class, root.getAppender("console"));
    assertEquals("System.err", ((ConsoleAppender<?>) root.getAppender("console")).getTarget());
    assertNull(StartupWiringTest.class.getClassLoader().getResource("logback.xml"), "no XML configuration is shipped");
  }
}
