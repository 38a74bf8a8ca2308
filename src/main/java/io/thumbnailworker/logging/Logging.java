package io.thumbnailworker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Locale;

/**
 * Configures Logback in code: one console appender on stderr (stdout stays free for the render CLI's JSON lines),
 * text for humans or one JSON object per line. Both level and format can change while running.
 */
public final class Logging {
  private static final String APPENDER = "console";
  private static String appliedFormat;

  private Logging() {}

  /** Routes java.util.logging (Hazelcast, OkHttp, the SignalR client's deps) into SLF4J. Call once, early. */
  public static void bridgeJul() {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /** Applies a format (text|json) and level (error..trace). Quiet libraries stay at warn unless the level is trace. */
  public static synchronized void apply(String format, String level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) configure(ctx, format, level);
  }

  /**
   * Start-up default, before any configuration is read: text at info. Logback finds it through
   * {@code META-INF/services} instead of parsing a {@code logback.xml}, so a cold start loads no XML parser.
   */
  public static final class DefaultConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
      Logging.configure(ctx, "text", "info");
      return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
  }

  private static synchronized void configure(LoggerContext ctx, String format, String level) {
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    if (!format.equals(appliedFormat)) {
      ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
      appender.setContext(ctx);
      appender.setName(APPENDER);
      appender.setTarget("System.err");
      appender.setEncoder(encoder(ctx, format));
      appender.start();
      root.detachAndStopAllAppenders();
      root.addAppender(appender);
      appliedFormat = format;
    }
    Level lvl = Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO);
    root.setLevel(lvl);
    Level libs = lvl.isGreaterOrEqual(Level.WARN) || lvl == Level.TRACE ? lvl : Level.WARN;
    for (String noisy : new String[] {"io.netty", "com.hazelcast", "okhttp3", "org.h2", "io.vertx.core.impl"}) {
      ctx.getLogger(noisy).setLevel(libs);
    }
    // a known harmless duplicate-gauge warning from vertx-micrometer on every HTTP server
    ctx.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    // LOG_LEVEL=debug also turns on the SignalR client's own debug logging
    ctx.getLogger("com.microsoft.signalr").setLevel(lvl.isGreaterOrEqual(Level.INFO) ? Level.WARN : lvl);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, String format) {
    if (format.equals("json")) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(ctx);
      json.setIncludeContext(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(ctx);
    text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20}%replace( job=%X{jobId}){' job=$', ''}%replace( model=%X{modelId}){' model=$', ''} - %msg%n");
    text.start();
    return text;
  }
}
