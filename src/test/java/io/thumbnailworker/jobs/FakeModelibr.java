package io.thumbnailworker.jobs;

import io.thumbnailworker.hub.MiniHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small stand-in for the Modelibr backend (modelibr.md), for worker-level tests: its hub at {@code /jobProcessingHub}
 * (events only to registered workers), one queue of jobs of any asset type, versioned model files with companions,
 * stored files, texture sets, render settings, both upload routes, the four finish routes (each refusing jobs of
 * another type, as Modelibr does) and the event log. Records what the worker sent. End-to-end tests will use the
 * reference server's modelibr profile.
 */
final class FakeModelibr {
  record Upload(String uri, String contentType, long size, String apiKey) {}
  record Finish(String path, JsonObject body) {}

  final MiniHub hub = new MiniHub("/jobProcessingHub", true);
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<Upload> uploads = new CopyOnWriteArrayList<>();
  final List<Finish> finishes = new CopyOnWriteArrayList<>();
  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  final List<JsonObject> dequeueBodies = new CopyOnWriteArrayList<>();
  private final Map<Long, JsonObject> jobs = new ConcurrentHashMap<>();
  private final Deque<Long> pending = new ArrayDeque<>();
  private final Map<String, Buffer> files = new ConcurrentHashMap<>();   // route → bytes
  private final Map<String, JsonObject> documents = new ConcurrentHashMap<>();   // route → JSON answer
  private final AtomicLong ids = new AtomicLong();
  private final Path uploadsDir;
  volatile JsonObject settings = new JsonObject().put("size", 256).put("frameCount", 30).put("isAnimated", true);
  volatile boolean settingsFail;
  volatile boolean eventsStall;
  private HttpServer server;

  FakeModelibr(Path uploadsDir) {
    this.uploadsDir = uploadsDir;
  }

  Future<FakeModelibr> start(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      requests.add(ctx.request().method() + " " + ctx.request().uri());
      ctx.next();
    });
    r.route().handler(BodyHandler.create(uploadsDir.toString()).setDeleteUploadedFilesOnEnd(true));
    r.post("/thumbnail-jobs/dequeue").handler(this::dequeue);
    for (String type : List.of("", "/sounds", "/texture-sets", "/environment-maps")) {
      r.post("/thumbnail-jobs" + type + "/:id/finish").handler(ctx -> finish(ctx, type));
    }
    r.post("/thumbnail-jobs/:id/events").handler(this::event);
    r.get("/settings/thumbnail-render").handler(ctx -> {
      if (settingsFail) ctx.response().setStatusCode(500).end();
      else json(ctx, 200, settings);
    });
    r.post("/models/:id/thumbnail/upload").handler(ctx -> upload(ctx, "thumbnailPath"));
    r.post("/models/:id/thumbnail/png-upload").handler(ctx -> upload(ctx, "pngThumbnailPath"));
    r.get().handler(this::get);
    return vertx.createHttpServer().requestHandler(req -> {
      if (!hub.handle(req)) r.handle(req);
    }).listen(0, "127.0.0.1").map(s -> {
      server = s;
      return this;
    });
  }

  String baseUrl() { return "http://127.0.0.1:" + server.actualPort(); }

  /** Serves {@code bytes} at GET {@code route}, named {@code name} in Content-Disposition. */
  void file(String route, String name, Buffer bytes) {
    files.put(route, bytes);
    documents.put(route + "#name", new JsonObject().put("name", name));
  }

  /** Serves {@code body} at GET {@code route}. */
  void document(String route, JsonObject body) { documents.put(route, body); }

  /** Queues a job (camelCase, as dequeue answers it) and announces it to registered workers; answers its id. */
  synchronized long enqueue(JsonObject job) {
    long id = ids.incrementAndGet();
    jobs.put(id, job.copy().put("id", id).put("status", "Pending").put("attemptCount", 0));
    pending.add(id);
    hub.broadcast("JobEnqueued", new JsonObject().put("jobId", id).put("modelId", job.getValue("modelId"))
        .put("modelHash", job.getValue("modelHash")).put("soundId", job.getValue("soundId")).put("assetType", job.getString("assetType"))
        .put("status", "Pending").put("attemptCount", 0).put("createdAt", "2026-06-01T10:00:00Z").put("timestamp", "2026-06-01T10:00:00Z"));
    return id;
  }

  String status(long id) { return jobs.get(id).getString("status"); }

  List<Finish> finishesOf(long id) {
    return finishes.stream().filter(f -> f.path().matches("/thumbnail-jobs(/[a-z-]+)?/" + id + "/finish")).toList();
  }

  List<String> eventTypes(long id) {
    return events.stream().filter(e -> e.getLong("jobId") == id).map(e -> e.getString("eventType")).toList();
  }

  private synchronized void dequeue(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    dequeueBodies.add(body);
    String workerId = body == null ? null : body.getString("workerId");
    if (workerId == null || workerId.isEmpty() || workerId.length() > 100) {
      json(ctx, 400, new JsonObject().put("error", "InvalidWorkerId").put("message", "Worker ID must be 1-100 characters"));
      return;
    }
    Long id = pending.poll();
    if (id == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    JsonObject job = jobs.get(id);
    job.put("status", "Processing").put("attemptCount", job.getInteger("attemptCount") + 1);
    json(ctx, 200, job);
  }

  private synchronized void finish(RoutingContext ctx, String type) {
    JsonObject body = ctx.body().asJsonObject();
    finishes.add(new Finish(ctx.request().path(), body));
    JsonObject job = jobs.get(Long.parseLong(ctx.pathParam("id")));
    String route = switch (type) {
      case "/sounds" -> "Sound";
      case "/texture-sets" -> "TextureSet";
      case "/environment-maps" -> "EnvironmentMap";
      default -> "Model";
    };
    if (job == null || !route.equals(job.getString("assetType"))) {
      json(ctx, 400, new JsonObject().put("error", "InvalidJobType").put("message", "not a " + route + " job"));
      return;
    }
    boolean success = body.getBoolean("success", false);
    if (success && body.getString("thumbnailPath") == null || !success && body.getString("errorMessage") == null) {
      json(ctx, 400, new JsonObject().put("error", "InvalidCommand").put("message", "incomplete finish"));
      return;
    }
    job.put("status", success ? "Done" : "Pending");
    json(ctx, 200, new JsonObject().put("jobId", job.getLong("id")).put("status", success ? "Completed" : "Failed"));
  }

  private void event(RoutingContext ctx) {
    events.add(ctx.body().asJsonObject().copy().put("jobId", Long.parseLong(ctx.pathParam("id"))));
    if (eventsStall) return;      // never answered
    json(ctx, 200, new JsonObject().put("eventId", events.size()).put("message", "logged"));
  }

  private void upload(RoutingContext ctx, String pathField) {
    List<FileUpload> parts = ctx.fileUploads();
    if (parts.size() != 1 || !parts.get(0).name().equals("file")) {
      json(ctx, 400, new JsonObject().put("error", "InvalidFile").put("message", "one part 'file' expected"));
      return;
    }
    FileUpload f = parts.get(0);
    uploads.add(new Upload(ctx.request().uri(), f.contentType(), f.size(), ctx.request().getHeader("X-Api-Key")));
    boolean png = pathField.startsWith("png");
    if (png && !"image/png".equals(f.contentType())) {
      json(ctx, 400, new JsonObject().put("error", "InvalidFileType").put("message", "png-upload takes image/png"));
      return;
    }
    json(ctx, 200, new JsonObject().put("message", "ok").put("modelId", Long.parseLong(ctx.pathParam("id")))
        .put(pathField, "/thumbnails/" + ctx.pathParam("id") + "/" + f.fileName()).put("sizeBytes", f.size())
        .put("width", Integer.parseInt(ctx.request().getFormAttribute("width")))
        .put("height", Integer.parseInt(ctx.request().getFormAttribute("height"))));
  }

  private void get(RoutingContext ctx) {
    String route = ctx.request().path();
    Buffer bytes = files.get(route);
    if (bytes != null) {
      String name = documents.get(route + "#name").getString("name");
      ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"").end(bytes);
    } else if (documents.containsKey(route)) {
      json(ctx, 200, documents.get(route));
    } else {
      json(ctx, 404, new JsonObject().put("error", "NotFound").put("message", route));
    }
  }

  static JsonArray array(Object... items) {
    return new JsonArray(List.of(items));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
