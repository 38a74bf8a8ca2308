package io.thumbnailworker.cli;

import io.thumbnailworker.node.WorkerNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the worker until SIGTERM/SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run the worker: claim thumbnail jobs from the API, render them, upload the results (default).")
final class WorkerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  @Mixin
  ConfigOptions config;

  @Option(names = "--cluster", description = "Join the clustered event bus (Hazelcast; conf/cluster.xml)")
  boolean cluster;

  @Option(names = "--port", paramLabel = "PORT", description = "Status endpoint port (WORKER_PORT)")
  Integer port;

  @Option(names = "--profile", paramLabel = "PROFILE",
      description = "Backend contract: auto (probe the API), spec or modelibr (API_PROFILE)")
  String profile;

  /**
   * Blocks until SIGTERM/SIGINT has shut the node down. The signals are handled here rather than left to JVM shutdown
   * hooks so that the process can exit 0 after an orderly stop (a hook-driven exit would be 143).
   */
  static void awaitTermination(WorkerNode node) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    SignalHandler onSignal = sig -> {
      LOG.info("Received SIG{}", sig.getName());
      node.shutdown().onComplete(ar -> stopped.countDown());
    };
    Signal.handle(new Signal("TERM"), onSignal);
    Signal.handle(new Signal("INT"), onSignal);
    // any other exit path (System.exit elsewhere) still stops verticles in order
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.shutdown().await(10, TimeUnit.MINUTES);
      } catch (Exception e) {
        LOG.warn("Shutdown did not complete cleanly: {}", e.getMessage());
      }
    }, "shutdown"));
    stopped.await();
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> extra = new HashMap<>();
    if (cluster) extra.put("CLUSTER_ENABLED", "true");
    if (port != null) extra.put("WORKER_PORT", String.valueOf(port));
    if (profile != null) extra.put("API_PROFILE", profile);
    var sources = config.sources(extra);
    WorkerNode node;
    try {
      node = WorkerNode.start(sources).await(5, TimeUnit.MINUTES);
    } catch (IllegalArgumentException e) {
      System.err.println("thumbnail-worker: invalid configuration: " + e.getMessage());
      return Main.USAGE;
    } catch (Exception e) {
      LOG.error("Worker failed to start: {}", e.getMessage());
      return 1;
    }
    awaitTermination(node);
    return 0;
  }
}
