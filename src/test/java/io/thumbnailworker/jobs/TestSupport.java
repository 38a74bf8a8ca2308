package io.thumbnailworker.jobs;

import io.thumbnailworker.backend.BackendSelector;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.backend.SpecBackend;
import io.thumbnailworker.config.ConfigService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Config, job and waiting helpers shared by the pipeline tests. */
public final class TestSupport {
  /** The contract the fakes and the reference server speak. */
  public static final SpecBackend SPEC = new SpecBackend();
  /** A selector that always answers {@link #SPEC}. */
  public static final BackendSelector SPEC_ONLY = BackendSelector.fixed(SPEC);

  private TestSupport() {}

  /** Job {@code id} for model {@code modelId}, as a dequeue answer reads. */
  public static DequeuedJob job(long id, long modelId) {
    return SPEC.readJob(new JsonObject().put("id", id).put("modelId", modelId));
  }

  /** A config service from defaults plus {@code values} (no file, no env), with hot reload off. */
  public static ConfigService config(Vertx vertx, Path storage, Map<String, Object> values) throws Exception {
    JsonObject flat = new JsonObject().put("CONFIG_SCAN_PERIOD_MS", 0).put("THUMBNAIL_STORAGE_PATH", storage.toString())
        .put("WORKER_ID", "worker-test").put("WORKER_PORT", 0).put("RETRY_DELAY_MS", 20);
    values.forEach(flat::put);
    ConfigService.Sources sources = new ConfigService.Sources(storage.resolve("no-such-config.json"), false, Map.of(),
        new Properties(), flat);
    return ConfigService.start(vertx, sources).await(10, TimeUnit.SECONDS);
  }

  /** Like {@link #config} but with {@code file} as the config file, rescanned every 100 ms (hot reload on). */
  public static ConfigService configWithFile(Vertx vertx, Path storage, Path file, Map<String, Object> values) throws Exception {
    JsonObject flat = new JsonObject().put("CONFIG_SCAN_PERIOD_MS", 100).put("THUMBNAIL_STORAGE_PATH", storage.toString())
        .put("WORKER_ID", "worker-test").put("WORKER_PORT", 0).put("RETRY_DELAY_MS", 20);
    values.forEach(flat::put);
    return ConfigService.start(vertx, new ConfigService.Sources(file, true, Map.of(), new Properties(), flat))
        .await(10, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. */
  public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    eventually(timeout, Duration.ofMillis(20), what, condition);
  }

  /** Polls {@code condition} every {@code period} (longer for conditions that cost a request) until it holds. */
  public static void eventually(Duration timeout, Duration period, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) return;
      try {
        Thread.sleep(period.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
    if (!condition.getAsBoolean()) fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
  }

  /** Starts collecting what {@code loggerOf}'s logger writes, DEBUG and above, until closed. */
  public static LogCapture captureLog(Class<?> loggerOf) {
    return captureLog(loggerOf.getName());
  }

  /** Like {@link #captureLog(Class)}, for a logger named {@code name} (a class that is not visible here). */
  public static LogCapture captureLog(String name) {
    return new LogCapture((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name));
  }

  /** The lines one logger wrote while the capture was open; closing restores the logger's level. */
  public static final class LogCapture implements AutoCloseable {
    private final ch.qos.logback.classic.Logger logger;
    private final ch.qos.logback.classic.Level level;
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();

    private LogCapture(ch.qos.logback.classic.Logger logger) {
      this.logger = logger;
      this.level = logger.getLevel();
      appender.list = new java.util.concurrent.CopyOnWriteArrayList<>();
      appender.start();
      logger.addAppender(appender);
      logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    /** Every line so far, formatted. */
    public java.util.List<String> lines() {
      return appender.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    /** How many lines so far start with {@code prefix}. */
    public long count(String prefix) {
      return appender.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix)).count();
    }

    @Override
    public void close() {
      logger.setLevel(level);
      logger.detachAppender(appender);
      appender.stop();
    }
  }
}
