package io.thumbnailworker.cli;

import io.thumbnailworker.backend.ModelibrContract;

import io.thumbnailworker.api.ApiKeySource;
import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.api.ConnectionTimeouts;
import io.thumbnailworker.api.FaultInjector;
import io.thumbnailworker.backend.SpecContract;
import io.thumbnailworker.logging.Logging;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the reference Web API + SignalR hub until SIGTERM/SIGINT. Logs go to stderr. */
@Command(name = "api", mixinStandardHelpOptions = true,
    description = {"Run the reference Web API + SignalR hub (embedded database and file store under --data).",
        "It speaks the spec contract (design §2: /api/thumbnail-jobs/*, hub /hubs/thumbnail-jobs), Modelibr's "
            + "(/thumbnail-jobs/*, hub /jobProcessingHub), or both over one job queue."})
final class ApiCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCommand.class);

  @Option(names = "--profile", paramLabel = "PROFILE", converter = ProfileConverter.class,
      description = "spec, modelibr or both: the contracts to speak, over one job queue and database (default both)")
  ApiProfile profile = ApiProfile.BOTH;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
  int port = ApiOptions.DEFAULT_PORT;

  @Option(names = "--data", paramLabel = "DIR", description = "Database and file store directory (default ${DEFAULT-VALUE})")
  Path data = Path.of("data");

  @Option(names = "--api-key", paramLabel = "KEY", description = {"Require this key (X-Api-Key, access_token or Bearer); "
      + "default: the file of --api-key-file, else the environment variable " + ApiKeySource.ENV + ", else none.",
      "Other local users can read this flag (ps, /proc/PID/cmdline): prefer --api-key-file or " + ApiKeySource.ENV + "."})
  String apiKey;

  @Option(names = "--api-key-file", paramLabel = "PATH", description = "Require the key this file holds (one line; "
      + "keep the file chmod 600); not together with --api-key")
  Path apiKeyFile;

  @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before a job ends Failed, Dead in Modelibr's names (default ${DEFAULT-VALUE})")
  int maxAttempts = ApiOptions.DEFAULT_MAX_ATTEMPTS;

  @Option(names = "--lock-timeout-ms", paramLabel = "MS", description = "Lock of a claimed job, both contracts "
      + "(default ${DEFAULT-VALUE}, 10 minutes); spec: an expired lock fails the attempt; modelibr: the job is claimable "
      + "again with its attempts reset")
  long lockTimeoutMs = ApiOptions.DEFAULT_LOCK_TIMEOUT_MS;

  @Option(names = "--max-model-bytes", paramLabel = "N", description = "Largest model upload (default ${DEFAULT-VALUE})")
  long maxModelBytes = ApiOptions.DEFAULT_MAX_MODEL_BYTES;

  @Option(names = "--max-thumbnail-bytes", paramLabel = "N", description = "Largest thumbnail upload (default ${DEFAULT-VALUE})")
  long maxThumbnailBytes = ApiOptions.DEFAULT_MAX_THUMBNAIL_BYTES;

  @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "Close a connection with no byte either way, "
      + "or a kept-alive one with no new request, for this long (default ${DEFAULT-VALUE}); hub keep-alives and long "
      + "polls stay inside it")
  long idleTimeoutMs = ConnectionTimeouts.DEFAULT_IDLE_TIMEOUT_MS;

  @Option(names = "--header-timeout-ms", paramLabel = "MS", description = "Close a new connection whose request "
      + "headers are not complete within this long (default ${DEFAULT-VALUE})")
  long headerTimeoutMs = ConnectionTimeouts.DEFAULT_HEADER_TIMEOUT_MS;

  @Option(names = "--min-upload-bytes-per-s", paramLabel = "N", description = "Cut off a request body (an upload) "
      + "arriving slower than this, measured over 10 s windows; its partial file is deleted (default ${DEFAULT-VALUE}; 0 = no minimum)")
  long minUploadBytesPerS = ConnectionTimeouts.DEFAULT_MIN_UPLOAD_BYTES_PER_S;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "error|warn|info|debug|trace (default ${DEFAULT-VALUE})")
  String logLevel = "info";

  @Option(names = "--testing-inject-fault", paramLabel = "SPEC", hidden = true,
      description = "TESTING ONLY: fail:STATUS:COUNT:METHOD:REGEX or stall:MS:COUNT:METHOD:REGEX")
  List<String> faults = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Logging.apply("text", logLevel);
    ApiOptions options;
    try {
      String key = ApiKeySource.resolve(apiKey, apiKeyFile, System.getenv());
      ApiOptions.Builder b = ApiOptions.builder(data).profile(profile).port(port).apiKey(key).maxAttempts(maxAttempts)
          .lockTimeoutMs(lockTimeoutMs).maxModelBytes(maxModelBytes).maxThumbnailBytes(maxThumbnailBytes)
          .idleTimeoutMs(idleTimeoutMs).headerTimeoutMs(headerTimeoutMs).minUploadBytesPerS(minUploadBytesPerS);
      if (!faults.isEmpty()) {
        FaultInjector injector = new FaultInjector();
        faults.forEach(injector::add);
        b.faults(injector);
        LOG.warn("Fault injection is ON ({}): this server misbehaves on purpose", faults);
      }
      options = b.build();
    } catch (IllegalArgumentException e) {
      System.err.println("thumbnail-worker api: " + e.getMessage());
      return Main.USAGE;
    }
    Vertx vertx = Vertx.vertx();
    ApiServer server;
    try {
      server = ApiServer.start(vertx, options).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("thumbnail-worker api: could not start: " + e.getMessage());
      vertx.close().await(30, TimeUnit.SECONDS);
      return 1;
    }
    System.out.println("thumbnail-worker api listening on " + server.baseUrl() + " (" + profile.label() + " profile; "
        + "gallery at " + server.baseUrl() + "/, " + hubs(server.baseUrl()) + ")");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("API shutdown did not complete cleanly: {}", e.toString());
      }
      try {
        // awaited separately: a future composed on the API's context could never complete once its event loop is gone
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      } finally {
        stopped.countDown();
      }
    }, "api-shutdown"));
    stopped.await();
    return 0;
  }

  private String hubs(String base) {
    List<String> hubs = new ArrayList<>();
    if (profile.speaksSpec()) hubs.add("spec hub at " + base + SpecContract.HUB_PATH);
    if (profile.speaksModelibr()) hubs.add("modelibr hub at " + base + ModelibrContract.HUB_PATH);
    return String.join(", ", hubs);
  }

  /** {@code spec|modelibr|both}, case-insensitively. */
  static final class ProfileConverter implements CommandLine.ITypeConverter<ApiProfile> {
    @Override
    public ApiProfile convert(String value) {
      try {
        return ApiProfile.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
