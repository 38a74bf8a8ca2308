package io.thumbnailworker.cli;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.node.WorkerNode;
import io.thumbnailworker.samples.SampleModels;
import io.thumbnailworker.samples.SamplePanoramas;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The whole system in one process: the reference API + hub and a worker node, fed with the project's sample models
 * (or the models in --models DIR). A folder holding a model with its companion files is uploaded as one zip. When
 * the API speaks Modelibr's contract, a generated brick texture set, day-sky environment map and tone-burst sound are
 * enqueued too, and the worker speaks that contract (the spec's queue hands out models only).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the API and a worker in one process and render sample models; prints the gallery URL.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--models", paramLabel = "DIR",
      description = "Models to enqueue: each file, and each sub-folder as one zip (default: generated sample models)")
  Path models;

  @Option(names = "--profile", paramLabel = "PROFILE", converter = ApiCommand.ProfileConverter.class,
      description = "The API's contracts: spec, modelibr or both (default both)")
  ApiProfile profile = ApiProfile.BOTH;

  @Option(names = "--port", paramLabel = "PORT", description = "API port (default ${DEFAULT-VALUE}; a free port if taken)")
  int port = ApiOptions.DEFAULT_PORT;

  @Option(names = "--data", paramLabel = "DIR", description = "API data directory (default: a new temporary directory)")
  Path data;

  @Option(names = "--exit-when-done", description = "Exit once every job has finished (0 if all completed, else 1)")
  boolean exitWhenDone;

  @Option(names = "--timeout-s", paramLabel = "S", description = "Give up waiting for jobs after this long (default ${DEFAULT-VALUE})")
  int timeoutSeconds = 600;

  @Override
  public Integer call() throws Exception {
    Logging.apply("text", "info");
    Path dataDir = data != null ? data : Files.createTempDirectory("thumbnail-demo-");
    Path source = models;
    if (source == null) {
      source = Files.createTempDirectory("thumbnail-samples-");
      SampleModels.writeAll(source);
    }
    List<Path> uploads = uploads(source);
    if (uploads.isEmpty()) {
      System.err.println("thumbnail-worker demo: no model files in " + models);
      return Main.USAGE;
    }
    Vertx vertx = Vertx.vertx();
    ApiServer api = ApiServer.start(vertx, ApiOptions.builder(dataDir).profile(profile).port(portOrFree(port)).build())
        .await(2, TimeUnit.MINUTES);
    WorkerNode worker = WorkerNode.start(ConfigService.Sources.of(null, new JsonObject()
            .put("API_BASE_URL", api.baseUrl()).put("WORKER_PORT", String.valueOf(portOrFree(3001)))
            .put("WORKER_ID", "demo-worker")
            // Modelibr's contract carries every asset type (the spec's only models): speak it wherever the API does
            .put("API_PROFILE", profile.speaksModelibr() ? "modelibr" : "auto")))
        .await(2, TimeUnit.MINUTES);
    WebClient http = WebClient.create(vertx);
    try {
      uploadModels(http, api.baseUrl(), uploads);
      int others = enqueueOtherAssets(vertx, http, api.baseUrl());
      System.out.println("Gallery: " + api.baseUrl() + "/   (worker status: http://127.0.0.1:" + worker.statusPort() + "/status)");
      System.out.flush();
      boolean allCompleted = awaitJobs(http, api.baseUrl(), uploads.size(), others);
      if (exitWhenDone) return allCompleted ? 0 : 1;
      System.out.println("All jobs finished; the gallery stays up until Ctrl-C.");
      WorkerCommand.awaitTermination(worker);
      return 0;
    } finally {
      worker.shutdown().await(2, TimeUnit.MINUTES);
      api.close().await(1, TimeUnit.MINUTES);
      http.close();
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static void uploadModels(WebClient http, String base, List<Path> uploads) throws Exception {
    for (Path file : uploads) {
      HttpResponse<?> resp = http.postAbs(base + "/models")
          .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(),
              file.toString(), "application/octet-stream"))
          .await(2, TimeUnit.MINUTES);
      if (resp.statusCode() != 201) throw new IllegalStateException("upload of " + file + " answered "
          + resp.statusCode() + ": " + resp.bodyAsString());
      LOG.info("Uploaded {} as model {}", file.getFileName(), resp.bodyAsJsonObject().getLong("id"));
    }
  }

  /**
   * Where the API speaks Modelibr's contract: the brick texture set, the day-sky environment map and the tone-burst
   * sound; answers how many jobs they add.
   */
  private int enqueueOtherAssets(Vertx vertx, WebClient http, String base) throws Exception {
    if (!profile.speaksModelibr()) return 0;
    LOG.info("Created texture set {} (bricks: albedo, normal, packed ORM)", DemoTextureSet.create(vertx, base));
    int maps = uploadEnvironmentMap(http, base);
    LOG.info("Uploaded sound {} (a generated tone burst)", DemoSound.create(http, base));
    return 1 + maps + 1;
  }

  /**
   * A procedural day sky (a Radiance .hdr with a sun brighter than white) as one environment map, which the worker
   * speaks Modelibr's contract to render; answers the number of maps enqueued.
   */
  private static int uploadEnvironmentMap(WebClient http, String base) throws Exception {
    Path sky = SamplePanoramas.writeHdr(Files.createTempDirectory("thumbnail-demo-sky-").resolve("day-sky.hdr"),
        SamplePanoramas.DAY, 2048, 1024);
    HttpResponse<?> resp = http.postAbs(base + "/environment-maps")
        .sendMultipartForm(MultipartForm.create().attribute("name", "day sky")
            .binaryFileUpload("file", sky.getFileName().toString(), sky.toString(), "application/octet-stream"))
        .await(2, TimeUnit.MINUTES);
    if (resp.statusCode() != 201) throw new IllegalStateException("upload of " + sky + " answered " + resp.statusCode() + ": " + resp.bodyAsString());
    LOG.info("Uploaded {} as environment map {}", sky.getFileName(), resp.bodyAsJsonObject().getLong("id"));
    return 1;
  }

  /** Polls the models, texture sets, environment maps and sounds until every job is Completed or Failed, printing each status change. */
  private boolean awaitJobs(WebClient http, String base, int expected, int others) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Map<String, String> seen = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      JsonArray models = http.getAbs(base + "/models").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray().copy();
      if (others > 0) {
        for (Object o : DemoTextureSet.list(http, base)) {
          models.add(((JsonObject) o).copy().put("id", "texture set " + ((JsonObject) o).getLong("id")).put("name", DemoTextureSet.describe((JsonObject) o)));
        }
        for (Object o : http.getAbs(base + "/environment-maps").send().await(30, TimeUnit.SECONDS).bodyAsJsonArray()) {
          models.add(((JsonObject) o).copy().put("id", "environment map " + ((JsonObject) o).getLong("id")));
        }
        models.addAll(DemoSound.list(http, base));
      }
      int done = 0;
      boolean allCompleted = true;
      for (Object o : models) {
        JsonObject m = (JsonObject) o;
        String status = m.getString("jobStatus");
        if (status == null) status = "Pending";
        if (!status.equals(seen.put(String.valueOf(m.getValue("id")), status))) {
          System.out.println("  " + m.getString("name") + ": " + status + (m.getString("thumbnailPath") != null
              ? " -> " + base + m.getString("thumbnailPath") : ""));
        }
        if (status.equals("Completed") || status.equals("Failed")) done++;
        allCompleted &= status.equals("Completed");
      }
      if (done >= expected + others) {
        System.out.println(done + " jobs finished" + (allCompleted ? ", all completed." : ", some failed: see the gallery."));
        return allCompleted;
      }
      Thread.sleep(500);
    }
    System.out.println("Timed out waiting for jobs after " + timeoutSeconds + " s.");
    return false;
  }

  /** Files directly in DIR, plus each sub-folder zipped (a model with its companions). */
  static List<Path> uploads(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        if (Files.isRegularFile(p)) out.add(p);
        else if (Files.isDirectory(p)) out.add(zipFolder(p));
      }
    }
    return out;
  }

  private static Path zipFolder(Path folder) throws IOException {
    Path zip = Files.createTempDirectory("thumbnail-demo-zip-").resolve(folder.getFileName() + ".zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
         Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, z);
        z.closeEntry();
      }
    }
    return zip;
  }

  private static int portOrFree(int preferred) throws IOException {
    try (ServerSocket s = new ServerSocket(preferred)) {
      return preferred;
    } catch (IOException taken) {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}
