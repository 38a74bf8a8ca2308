package io.thumbnailworker.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs ({@code worker --cluster}), one per {@link NetLab} host, each on the host's own address with the usual
 * ports (status 3001, Hazelcast 5701, event bus 5801) and only the hub role unless told otherwise. Reads their
 * /status and /ready over the control link and their logs from disk.
 */
final class LabWorkers implements AutoCloseable {
  static final int STATUS_PORT = 3001;
  static final int CLUSTER_PORT = 5701;
  static final int BUS_PORT = 5801;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final NetLab lab;
  private final Path dir;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, NetLab.Host> hosts = new LinkedHashMap<>();

  LabWorkers(NetLab lab, Path dir) {
    this.lab = lab;
    this.dir = dir;
  }

  /** Starts worker {@code id} on {@code host}; {@code members} are every node's host, {@code env} adds or overrides. */
  void start(String id, NetLab.Host host, List<NetLab.Host> members, Map<String, String> env) throws IOException {
    Path home = Files.createDirectories(dir.resolve(id));
    List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.thumbnailworker.cli.Main", "worker", "--cluster");
    ProcessBuilder pb = new ProcessBuilder(lab.inside(host, java)).directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(home.resolve("worker.log").toFile());
    pb.environment().putAll(Map.of("WORKER_ID", id, "WORKER_PORT", String.valueOf(STATUS_PORT),
        "WORKER_ROLES", "hub", "API_BASE_URL", "http://127.0.0.1:9", "THUMBNAIL_STORAGE_PATH", home.toString(),
        "CLUSTER_HOST", host.ip(), "CLUSTER_PORT", String.valueOf(CLUSTER_PORT),
        "EVENTBUS_PORT", String.valueOf(BUS_PORT),
        "CLUSTER_MEMBERS", String.join(",", members.stream().map(NetLab.Host::ip).toList())));
    pb.environment().putAll(env);
    processes.put(id, pb.start());
    hosts.put(id, host);
  }

  /** The node's /status, or null while it does not answer. */
  JsonObject status(String id) {
    HttpResponse<String> r = get(id, "/status");
    return r != null && r.statusCode() == 200 ? new JsonObject(r.body()) : null;
  }

  /** The node's /ready response (status code and body), or null while it does not answer. */
  HttpResponse<String> ready(String id) {
    return get(id, "/ready");
  }

  /** How many members the node lists, 0 while it does not answer. */
  int members(String id) {
    JsonObject s = status(id);
    return s == null ? 0 : s.getJsonObject("cluster").getJsonArray("members").size();
  }

  /** The node's own SignalR connection, as its /status reports it (null while it does not answer). */
  Boolean signalrConnected(String id) {
    JsonObject s = status(id);
    return s == null ? null : s.getJsonObject("worker").getBoolean("signalrConnected");
  }

  String log(String id) throws IOException {
    return Files.readString(dir.resolve(id).resolve("worker.log"), StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String id, String path) {
    try {
      URI uri = URI.create("http://" + hosts.get(id).controlIp() + ":" + STATUS_PORT + path);
      return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException notUp) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Kills every worker (SIGKILL) and waits for it, so the lab's namespaces can go. */
  @Override
  public void close() throws InterruptedException {
    processes.values().forEach(Process::destroyForcibly);
    for (Process p : processes.values()) p.waitFor(30, TimeUnit.SECONDS);
  }
}
