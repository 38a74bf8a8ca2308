package io.thumbnailworker.cli;

import io.thumbnailworker.Version;
import io.thumbnailworker.logging.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point of the jar: {@code worker} (default), {@code api}, {@code demo}, {@code render}. */
@Command(name = "thumbnail-worker", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Turns uploaded 3D models into animated WebP thumbnails and JPEG posters.",
    footer = {"", "Without a subcommand, runs 'worker'. Configuration: conf/config.json, environment, -D system properties."})
public final class Main {
  /** Exit code for bad usage. */
  public static final int USAGE = 2;
  private static final List<String> TOP_LEVEL = List.of("-h", "--help", "-V", "--version");
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("worker", WorkerCommand::new);
    SUBCOMMANDS.put("api", ApiCommand::new);
    SUBCOMMANDS.put("demo", DemoCommand::new);
    SUBCOMMANDS.put("render", RenderCommand::new);
  }

  public static void main(String[] args) {
    Logging.bridgeJul();
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this in-process). */
  public static int run(String... args) {
    String[] effective = args;
    if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL.contains(args[0]))) {
      effective = new String[args.length + 1];
      effective[0] = "worker";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    CommandLine cli = new CommandLine(new Main());
    // only the subcommand that runs is introspected (picocli reads every option's annotations, which a cold
    // 'render' pays for); help and mistakes get them all
    Supplier<Object> only = SUBCOMMANDS.get(effective[0]);
    if (only != null && !Arrays.asList(effective).contains("--help") && !Arrays.asList(effective).contains("-h")) {
      cli.addSubcommand(effective[0], only.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setParameterExceptionHandler((ex, argv) -> {
      ex.getCommandLine().getErr().println("thumbnail-worker: " + ex.getMessage() + " (see --help)");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof CommandLine.ParameterException pe) {
        commandLine.getErr().println("thumbnail-worker: " + pe.getMessage() + " (see --help)");
        return USAGE;
      }
      commandLine.getErr().println("thumbnail-worker: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    });
    return cli.execute(effective);
  }

  /** Prints the jar's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"thumbnail-worker " + Version.VERSION};
    }
  }

  static String[] tail(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
