package io.thumbnailworker.jobs;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.node.WorkerNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.thumbnailworker.jobs.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole system in Modelibr's contract: the real reference API with {@code --profile modelibr} (and an API key, which
 * Modelibr's upload routes need), one worker node with the default {@code API_PROFILE=auto} and the real render
 * engine, over real sockets, on the shared corpus. A registered observer on {@code /jobProcessingHub} (the official
 * Java client) hears the worker register and acknowledge each job; the server's log of thumbnail uploads shows each
 * upload's route and part type. Small renders (the server's setting 128 px, 8 frames).
 */
@Tag("models")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelibrRenderedEndToEndTest {
  static final String KEY = "modelibr-e2e-key";
  static final String WORKER_ID = "w-modelibr-render";
  /** Bad files that must load (missing materials/textures render with fallback colours). */
  private static final Set<String> MUST_COMPLETE = Set.of("missing_mtl.obj", "missing_textures.obj");
  /** Rows where MANIFEST.md allows either outcome (a clear error, or a guarded successful render). */
  private static final Set<String> EITHER = Set.of("duck_glb_named.stl", "ply_truncated_body.ply");
  /** Files in a model's folder that are its companions, not models. */
  private static final Set<String> COMPANION_TYPES = Set.of("bin", "png", "jpg", "jpeg", "gif", "tga", "mtl");
  /** {@code Model 12: /hashes/…/thumbnail.webp stored by upload (1234 bytes, image/webp)}: the server's log of one upload. */
  private static final Pattern UPLOAD_LINE = Pattern.compile("Model (\\d+): (\\S+) stored by (\\S+) \\((\\d+) bytes, (.*)\\)");

  Path models;
  Path tmp;
  RealApi api;
  WorkerNode worker;
  Observer observer;
  TestSupport.LogCapture uploads;
  int size = 128;
  int frameCount = 8;
  /** First PNG of some good models, by corpus path, for colour comparisons later. */
  final Map<String, BufferedImage> pngs = new ConcurrentHashMap<>();

  /** A connection to Modelibr's hub registered as another worker: it hears the others' registrations and acknowledgements. */
  static final class Observer implements AutoCloseable {
    final HubConnection hub;
    final List<com.google.gson.JsonObject> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<com.google.gson.JsonObject> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();

    Observer(String baseUrl) {
      hub = HubConnectionBuilder.create(baseUrl + "/jobProcessingHub").withTransport(TransportEnum.WEBSOCKETS).build();
      hub.on("WorkerRegistered", registered::add, com.google.gson.JsonObject.class);
      hub.on("JobAcknowledged", acknowledged::add, com.google.gson.JsonObject.class);
      for (String ignored : List.of("JobEnqueued", "JobStatusChanged", "WorkerUnregistered")) {
        hub.on(ignored, o -> { }, com.google.gson.JsonObject.class);
      }
      assertTrue(hub.start().blockingAwait(20, TimeUnit.SECONDS), "the observer connected");
      assertTrue(hub.invoke("RegisterWorker", "observer").blockingAwait(10, TimeUnit.SECONDS), "the observer registered");
    }

    boolean acknowledgedBy(long jobId, String workerId) {
      return acknowledged.stream().anyMatch(a -> a.get("jobId").getAsLong() == jobId && workerId.equals(a.get("workerId").getAsString()));
    }

    @Override
    public void close() {
      hub.close();
    }
  }

  @BeforeAll
  void start() throws Exception {
    models = Path.of(System.getProperty("thumbnail.models.dir", "../shared/models"));
    assumeTrue(Files.isDirectory(models.resolve("glb")), "no test models at " + models.toAbsolutePath());
    tmp = Files.createTempDirectory("modelibr-e2e");
    api = RealApi.start(tmp.resolve("api"), 0, b -> b.profile(ApiProfile.MODELIBR).apiKey(KEY));
    renderSettings(size, frameCount);
    observer = new Observer(api.baseUrl());
    uploads = TestSupport.captureLog("io.thumbnailworker.api.ModelibrThumbnailUpload");
    // local keys unlike the server's settings, so an output at the server's size shows they were read
    worker = RealApi.worker(tmp.resolve("worker"), api.baseUrl(), Map.of("WORKER_ID", WORKER_ID, "WORKER_API_KEY", KEY,
        "POLL_INTERVAL_MS", 500, "MAX_CONCURRENT_JOBS", 2, "RENDER_WIDTH", 96, "RENDER_HEIGHT", 96, "ORBIT_ANGLE_STEP", 90));
    eventually(Duration.ofSeconds(30), "the worker's hub connected", () -> worker.view().hub().connected());
    JsonObject status = api.web.getAbs("http://127.0.0.1:" + worker.statusPort() + "/status").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertEquals("modelibr", status.getJsonObject("worker").getString("apiProfile"), "auto picked modelibr: " + status);
    eventually(Duration.ofSeconds(10), "the observer heard the worker register", () -> observer.registered.stream()
        .anyMatch(r -> WORKER_ID.equals(r.get("workerId").getAsString())));
  }

  @AfterAll
  void stop() throws Exception {
    if (uploads != null) uploads.close();
    if (observer != null) observer.close();
    if (worker != null) worker.shutdown().await(60, TimeUnit.SECONDS);
    if (api != null) api.close();
    if (tmp != null) io.thumbnailworker.fs.FileOps.deleteRecursively(tmp);
  }

  private void renderSettings(int size, int frameCount) throws Exception {
    var r = api.put("/settings/thumbnail-render", new JsonObject().put("size", size).put("frameCount", frameCount).put("isAnimated", true));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    this.size = size;
    this.frameCount = frameCount;
  }

  /** One model upload: the main file first, then its companions named by their path relative to it. */
  private record Upload(String label, Path main, List<Path> companions) {
    RealApi.Form form() throws IOException {
      RealApi.Form f = new RealApi.Form().file("file", main.getFileName().toString(), "application/octet-stream", Files.readAllBytes(main));
      for (Path c : companions) {
        f.file("file", main.getParent().relativize(c).toString().replace('\\', '/'), "application/octet-stream", Files.readAllBytes(c));
      }
      return f;
    }
  }

  /** A job created for one upload (or one other asset). */
  private record Created(String label, long jobId, Long modelId, String hash) {}

  private static Upload folder(String label, Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> files = all.filter(Files::isRegularFile).sorted().toList();
      Path main = files.stream().filter(f -> !COMPANION_TYPES.contains(extension(f))).findFirst()
          .orElseThrow(() -> new AssertionError("no model in " + dir));
      return new Upload(label, main, files.stream().filter(f -> !f.equals(main)).toList());
    }
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  private List<Upload> goodUploads() throws IOException {
    List<Upload> out = new ArrayList<>();
    try (Stream<Path> formats = Files.list(models)) {
      for (Path format : formats.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("bad")).sorted().toList()) {
        try (Stream<Path> entries = Files.list(format)) {
          for (Path e : entries.sorted().toList()) {
            String label = models.relativize(e).toString();
            out.add(Files.isDirectory(e) ? folder(label + "/", e) : new Upload(label, e, List.of()));
          }
        }
      }
    }
    return out;
  }

  private List<Upload> badUploads() throws IOException {
    Path bad = models.resolve("bad");
    List<Upload> out = new ArrayList<>();
    try (Stream<Path> entries = Files.list(bad)) {
      for (Path e : entries.sorted().toList()) {
        String name = e.getFileName().toString();
        if (name.endsWith(".py") || name.equals("missing_textures.mtl")) continue;
        if (Files.isDirectory(e)) out.add(folder("bad/" + name + "/", e));
        else if (name.equals("missing_textures.obj")) out.add(new Upload("bad/" + name, e, List.of(bad.resolve("missing_textures.mtl"))));
        else out.add(new Upload("bad/" + name, e, List.of()));
      }
    }
    return out;
  }

  /** Uploads each; an upload the API refuses is recorded in {@code refused} with the API's answer. */
  private List<Created> uploadAll(List<Upload> list, Map<String, String> refused) throws Exception {
    List<Created> created = new ArrayList<>();
    for (Upload u : list) {
      try {
        JsonObject m = api.create("/models", u.form());
        assertEquals(u.companions().size(), m.getInteger("auxiliaryFileCount"), u.label());
        created.add(new Created(u.label(), m.getLong("jobId"), m.getLong("id"), m.getString("hash")));
      } catch (AssertionError e) {
        refused.put(u.label(), e.getMessage());
      }
    }
    return created;
  }

  /** Waits until every job is Done or Dead; on a timeout, says which are not and what the server lists for them. */
  private void awaitEnded(List<Created> jobs, Duration timeout) throws Exception {
    List<Long> ids = jobs.stream().map(Created::jobId).toList();
    try {
      eventually(timeout, Duration.ofMillis(250), ids.size() + " job(s) Done or Dead", () -> api.all(ids, "Done", "Dead"));
    } catch (AssertionError e) {
      Map<Long, JsonObject> listed = api.jobsById();
      throw new AssertionError(e.getMessage() + "; still not ended: " + jobs.stream()
          .filter(c -> !List.of("Done", "Dead").contains(listed.get(c.jobId()).getString("status")))
          .map(c -> c.label() + " " + listed.get(c.jobId()).encode()).toList(), e);
    }
  }

  /** The server's log lines of this model's thumbnail uploads: [path, route, content type]. */
  private List<List<String>> uploadsOf(long modelId) {
    List<List<String>> out = new ArrayList<>();
    for (String line : uploads.lines()) {
      Matcher m = UPLOAD_LINE.matcher(line);
      if (m.matches() && Long.parseLong(m.group(1)) == modelId) out.add(List.of(m.group(2), m.group(3), m.group(5)));
    }
    return out;
  }

  private JsonArray events(long jobId) throws Exception {
    return api.get("/thumbnail-jobs/" + jobId + "/events").bodyAsJsonArray();
  }

  private static boolean hasEvent(JsonArray events, String type) {
    return events.stream().anyMatch(o -> type.equals(((JsonObject) o).getString("eventType")));
  }

  /**
   * What is wrong with a model job that should be Done, or null: one attempt, one finish carrying the WebP's path,
   * one WebP upload as image/webp and one PNG upload as image/png, decoding at the server's size and frame count.
   */
  private String checkDone(Created c, JsonObject job, int size, int frameCount) throws Exception {
    if (!"Done".equals(job.getString("status")) || job.getInteger("attemptCount") != 1 || job.getInteger("finishCount") != 1) {
      return job.getString("status") + " after " + job.getInteger("attemptCount") + " attempt(s), " + job.getInteger("finishCount")
          + " finish(es): " + job.getString("errorMessage");
    }
    String webpPath = "/hashes/" + c.hash() + "/thumbnail.webp";
    String pngPath = "/hashes/" + c.hash() + "/thumbnail.png";
    List<List<String>> sent = uploadsOf(c.modelId());
    if (!sent.equals(List.of(List.of(webpPath, "upload", "image/webp"), List.of(pngPath, "png-upload", "image/png")))) {
      return "uploads " + sent;
    }
    if (!webpPath.equals(job.getString("thumbnailPath"))) return "finished with thumbnailPath " + job.getString("thumbnailPath");
    var webp = WebpCheck.decode(api.get(webpPath).body().getBytes());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(api.get(pngPath).body().getBytes()));
    if (webp.width() != size || webp.height() != size || webp.frames() != frameCount || png == null
        || png.getWidth() != size || png.getHeight() != size) {
      return "WebP " + webp + ", PNG " + (png == null ? "undecodable" : png.getWidth() + "x" + png.getHeight())
          + "; expected " + frameCount + " frames at " + size + "x" + size;
    }
    pngs.put(c.label(), png);
    return null;
  }

  private List<String> unacknowledged(List<Created> jobs) {
    return jobs.stream().filter(c -> !observer.acknowledgedBy(c.jobId(), WORKER_ID)).map(c -> c.label() + " (job " + c.jobId() + ")").toList();
  }

  @Test
  @Order(1)
  @DisplayName("every good model (glTF companions as their own parts) ends Done after one attempt and one finish, with one WebP "
      + "and one PNG upload at the server's size and frame count; each job acknowledged on the hub")
  void goodModels() throws Exception {
    List<Upload> good = goodUploads();
    assertTrue(good.size() >= 30, "corpus found: " + good.size());
    long t0 = System.nanoTime();
    Map<String, String> refused = new LinkedHashMap<>();
    List<Created> jobs = uploadAll(good, refused);
    awaitEnded(jobs, Duration.ofMinutes(4));
    long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
    List<String> problems = new ArrayList<>();
    refused.forEach((label, why) -> problems.add(label + ": upload refused: " + why));
    Map<Long, JsonObject> listed = api.jobsById();
    for (Created c : jobs) {
      String problem = checkDone(c, listed.get(c.jobId()), size, frameCount);
      if (problem != null) problems.add(c.label() + ": " + problem);
    }
    System.out.println("modelibr corpus: " + good.size() + " good models, " + jobs.size() + " accepted, finished in " + seconds
        + " s with 1 worker, 2 slots; problems: " + problems.size());
    assertEquals(List.of(), problems);
    eventually(Duration.ofSeconds(5), "every job acknowledged", () -> unacknowledged(jobs).isEmpty());
    JsonArray events = events(jobs.get(0).jobId());
    for (String type : List.of("JobStarted", "ModelDownloaded", "FrameRenderingCompleted", "ThumbnailUploadCompleted", "JobCompleted")) {
      assertTrue(hasEvent(events, type), type + " in " + events.encode());
    }
  }

  /** Mean colour distance of two PNGs' opaque pixels. */
  private static double colourDistance(BufferedImage a, BufferedImage b) {
    double[] x = modelColour(a), y = modelColour(b);
    return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
  }

  @Test
  @Order(2)
  @DisplayName("companions uploaded with a model of another format than glTF (an OBJ's MTL and textures, a COLLADA file's TGA) "
      + "are used: the model renders unlike the same file uploaded alone")
  void companionsOfOtherFormats() throws Exception {
    List<String> folders = List.of("obj/box-complex-material/", "obj/spider/", "dae/duck/", "3ds/cube_textured/");
    List<Upload> alone = new ArrayList<>();
    for (String label : folders) {
      assertNotNull(pngs.get(label), label + " rendered with its companions in goodModels");
      Upload withCompanions = folder(label, models.resolve(label));
      alone.add(new Upload(label + " alone", withCompanions.main(), List.of()));
    }
    List<Created> jobs = uploadAll(alone, new LinkedHashMap<>());
    awaitEnded(jobs, Duration.ofSeconds(60));
    List<String> problems = new ArrayList<>();
    Map<Long, JsonObject> listed = api.jobsById();
    for (int i = 0; i < folders.size(); i++) {
      Created c = jobs.get(i);
      String problem = checkDone(c, listed.get(c.jobId()), size, frameCount);
      if (problem != null) {
        problems.add(c.label() + ": " + problem);
        continue;
      }
      double d = colourDistance(pngs.get(folders.get(i)), pngs.get(c.label()));
      System.out.printf("%s: mean colour with companions %s, alone %s%n", folders.get(i),
          java.util.Arrays.toString(modelColour(pngs.get(folders.get(i)))), java.util.Arrays.toString(modelColour(pngs.get(c.label()))));
      if (d < 8) problems.add(folders.get(i) + " looks the same with its companions as without (mean colour distance " + d + ")");
    }
    assertEquals(List.of(), problems);
  }

  @Test
  @Order(3)
  @DisplayName("a glTF whose buffer and image sit in subfolders, uploaded as parts named 'buffers/…' and 'textures/…' (one with "
      + "spaces, URI-escaped in the glTF), renders like the same model with its files beside it")
  void companionsInSubfolders() throws Exception {
    Path truck = models.resolve("gltf/CesiumMilkTruck");
    assertNotNull(pngs.get("gltf/CesiumMilkTruck/"), "rendered in goodModels");
    String gltf = Files.readString(truck.resolve("CesiumMilkTruck.gltf"))
        .replace("\"CesiumMilkTruck.png\"", "\"textures/Milk%20Truck.png\"")
        .replace("\"CesiumMilkTruck0.bin\"", "\"buffers/milk%20truck/CesiumMilkTruck0.bin\"");
    JsonObject m = api.create("/models", new RealApi.Form()
        .file("file", "milk truck.gltf", "model/gltf+json", gltf.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .file("file", "textures/Milk Truck.png", "image/png", Files.readAllBytes(truck.resolve("CesiumMilkTruck.png")))
        .file("file", "buffers/milk truck/CesiumMilkTruck0.bin", "application/octet-stream", Files.readAllBytes(truck.resolve("CesiumMilkTruck0.bin"))));
    Created c = new Created("truck in subfolders", m.getLong("jobId"), m.getLong("id"), m.getString("hash"));
    awaitEnded(List.of(c), Duration.ofSeconds(60));
    assertNull(checkDone(c, api.job(c.jobId()), size, frameCount));
    double d = colourDistance(pngs.get("gltf/CesiumMilkTruck/"), pngs.get(c.label()));
    assertTrue(d < 3, "renders like the original (mean colour distance " + d + ")");
  }

  @Test
  @Order(4)
  @DisplayName("every bad file ends as MANIFEST.md says: Dead after three failed finishes with a readable message (also in its "
      + "events), or Done where it must load; the worker keeps serving")
  void badFiles() throws Exception {
    Map<String, String> refused = new LinkedHashMap<>();
    List<Created> jobs = uploadAll(badUploads(), refused);
    awaitEnded(jobs, Duration.ofMinutes(4));
    List<String> problems = new ArrayList<>();
    Map<Long, JsonObject> listed = api.jobsById();
    for (Created c : jobs) {
      String file = c.label().replaceFirst("^bad/", "").replaceFirst("/$", "");
      JsonObject job = listed.get(c.jobId());
      String status = job.getString("status"), message = job.getString("errorMessage");
      System.out.println("bad/" + file + ": " + status + " (" + job.getInteger("attemptCount") + " attempts, "
          + job.getInteger("finishCount") + " finishes) " + message);
      if (MUST_COMPLETE.contains(file) || status.equals("Done")) {
        String problem = MUST_COMPLETE.contains(file) || EITHER.contains(file) ? checkDone(c, job, size, frameCount) : "rendered";
        if (problem != null) problems.add(c.label() + ": " + problem);
        continue;
      }
      boolean ok = status.equals("Dead") && job.getInteger("attemptCount") == 3 && job.getInteger("finishCount") == 3;
      ok &= message != null && !message.isBlank() && message.length() <= 600 && !message.contains("\n")
          && !message.contains("\tat ") && message.chars().noneMatch(ch -> ch < 0x20);
      JsonArray events = events(c.jobId());
      ok &= events.stream().map(o -> (JsonObject) o).anyMatch(e -> "JobFailed".equals(e.getString("eventType"))
          && message != null && message.equals(e.getString("errorMessage")));
      if (!ok) problems.add(c.label() + ": " + status + ": " + message + "; events " + events.encode());
    }
    refused.forEach((label, why) -> {          // e.g. empty.glb: refused at upload, the error the row expects, earlier
      System.out.println(label + ": refused at upload: " + why);
      if (MUST_COMPLETE.contains(label.replaceFirst("^bad/", ""))) problems.add(label + ": upload refused: " + why);
    });
    assertEquals(List.of(), problems);
    eventually(Duration.ofSeconds(5), "every job acknowledged", () -> unacknowledged(jobs).isEmpty());
    Created later = uploadAll(List.of(new Upload("glb/BoxTextured.glb (after the bad files)",
        models.resolve("glb/BoxTextured.glb"), List.of())), new LinkedHashMap<>()).get(0);
    awaitEnded(List.of(later), Duration.ofSeconds(60));
    assertNull(checkDone(later, api.job(later.jobId()), size, frameCount));
  }

  private static byte[] png(int size, Color color) throws IOException {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private long redTextureSet(String name) throws Exception {
    return api.create("/texture-sets", new RealApi.Form().file("file", "red.png", "image/png", png(16, Color.RED))
        .field("textureType", "Albedo").field("name", name)).getLong("id");
  }

  /** Mean colour of the PNG's opaque pixels (the model), as {r, g, b, count}. */
  private static double[] modelColour(BufferedImage img) {
    double r = 0, g = 0, b = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int argb = img.getRGB(x, y);
        if ((argb >>> 24) < 200) continue;
        r += (argb >> 16) & 255;
        g += (argb >> 8) & 255;
        b += argb & 255;
        n++;
      }
    }
    return n == 0 ? new double[] {0, 0, 0, 0} : new double[] {r / n, g / n, b / n, n};
  }

  private static boolean redDominant(double[] c) {
    return c[3] > 100 && c[0] > 60 && c[0] > 2 * c[1] && c[0] > 2 * c[2];
  }

  @Test
  @Order(6)
  @DisplayName("a model uploaded with defaultTextureSetId, or with a textureMappings entry for its material, renders in the set's "
      + "red albedo; without, in its own colours")
  void textureSets() throws Exception {
    long red = redTextureSet("red");
    Path duck = models.resolve("glb/Duck.glb"), box = models.resolve("glb/BoxTextured.glb");
    JsonObject byDefault = api.create("/models", new Upload("Duck", duck, List.of()).form().field("defaultTextureSetId", String.valueOf(red)));
    awaitEnded(List.of(new Created("", byDefault.getLong("jobId"), null, null)), Duration.ofSeconds(60));
    Created duckRed = new Created("Duck red", byDefault.getLong("jobId"), byDefault.getLong("id"), byDefault.getString("hash"));
    assertNull(checkDone(duckRed, api.job(duckRed.jobId()), size, frameCount));
    BufferedImage duckPng = pngs.get("Duck red");

    JsonArray mappings = new JsonArray().add(new JsonObject().put("materialName", "Texture").put("textureSetId", red).put("variantName", ""));
    JsonObject byMapping = api.create("/models", new Upload("Box", box, List.of()).form().field("textureMappings", mappings.encode()));
    awaitEnded(List.of(new Created("", byMapping.getLong("jobId"), null, null)), Duration.ofSeconds(60));
    Created boxRed = new Created("Box red", byMapping.getLong("jobId"), byMapping.getLong("id"), byMapping.getString("hash"));
    assertNull(checkDone(boxRed, api.job(boxRed.jobId()), size, frameCount));
    BufferedImage boxPng = pngs.get("Box red");

    double[] duckOwn = modelColour(pngs.get("glb/Duck.glb")), boxOwn = modelColour(pngs.get("glb/BoxTextured.glb"));
    double[] duckSet = modelColour(duckPng), boxSet = modelColour(boxPng);
    System.out.printf("mean model colour: Duck %s → %s, BoxTextured %s → %s%n", java.util.Arrays.toString(duckOwn),
        java.util.Arrays.toString(duckSet), java.util.Arrays.toString(boxOwn), java.util.Arrays.toString(boxSet));
    assertFalse(redDominant(duckOwn), "the duck's own colours are not red");
    assertFalse(redDominant(boxOwn), "the box's own texture is not red");
    assertTrue(redDominant(duckSet), "defaultTextureSetId: red duck " + java.util.Arrays.toString(duckSet));
    assertTrue(redDominant(boxSet), "textureMappings for material 'Texture': red box " + java.util.Arrays.toString(boxSet));
  }

  @Test
  @Order(7)
  @DisplayName("a change of the server's thumbnail settings is followed by the next job: its WebP and PNG at the new size, the WebP "
      + "with the new frame count")
  void settingsFollowed() throws Exception {
    renderSettings(64, 4);
    Thread.sleep(ServerSettings.MAX_AGE_MS + 200);     // the worker keeps the settings it read for 5 s at most
    Created c = uploadAll(List.of(new Upload("glb/Duck.glb (64 px, 4 frames)", models.resolve("glb/Duck.glb"), List.of())),
        new LinkedHashMap<>()).get(0);
    awaitEnded(List.of(c), Duration.ofSeconds(60));
    assertNull(checkDone(c, api.job(c.jobId()), 64, 4));
  }
}
