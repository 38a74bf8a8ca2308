package io.thumbnailworker.cli;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options shared by commands that read the worker configuration. */
final class ConfigOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--conf", paramLabel = "FILE", description = "Config file (default conf/config.json if present)")
  Path conf;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Override one config key (highest precedence)")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** The sources to load, with CLI flags as the top layer; unknown keys are a usage error. */
  ConfigService.Sources sources(Map<String, Object> extra) {
    JsonObject cli = new JsonObject();
    overrides.forEach((k, v) -> {
      try {
        ConfigKey.valueOf(k);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "unknown config key '" + k + "'");
      }
      cli.put(k, v);
    });
    extra.forEach(cli::put);
    return ConfigService.Sources.of(conf, cli);
  }
}
