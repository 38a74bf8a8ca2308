package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small stand-in for the job API's HTTP side (design §2), for unit tests of the client pieces: jobs, model files,
 * uploads, and injected faults (the next N requests matching method + path prefix answer a status; stalled bodies).
 * End-to-end tests use the real reference server instead.
 */
final class FakeApi {
  record Upload(long modelId, String fileName, String contentType, long size, String width, String height) {}
  record Seen(String method, String path, String apiKey, String workerId, String userAgent) {}

  static final class Job {
    final long id;
    final long modelId;
    volatile String status = "Pending";
    volatile int attempts;
    volatile String errorMessage;
    volatile int completions;
    Job(long id, long modelId) { this.id = id; this.modelId = modelId; }
  }

  private record Model(String name, Buffer bytes, boolean disposition) {}
  private record Fault(String method, String pathPrefix, int status, int[] left) {}

  final Map<Long, Job> jobs = new ConcurrentHashMap<>();
  final List<Upload> uploads = new CopyOnWriteArrayList<>();
  final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final Map<Long, Model> models = new ConcurrentHashMap<>();
  private final Deque<Long> pending = new ArrayDeque<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> stalls = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final Path uploadsDir;
  int maxAttempts = 3;
  private HttpServer server;

  FakeApi(Path uploadsDir) {
    this.uploadsDir = uploadsDir;
  }

  Future<FakeApi> start(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      requests.add(new Seen(ctx.request().method().name(), ctx.request().path(), ctx.request().getHeader("X-Api-Key"),
          ctx.request().getHeader("X-Worker-Id"), ctx.request().getHeader("User-Agent")));
      for (Fault f : faults) {
        if (f.method.equals(ctx.request().method().name()) && ctx.request().path().startsWith(f.pathPrefix)) {
          synchronized (f) {
            if (f.left[0] > 0) {
              f.left[0]--;
              ctx.response().setStatusCode(f.status).end("{\"error\":\"injected\"}");
              return;
            }
          }
        }
      }
      ctx.next();
    });
    r.route().handler(BodyHandler.create(uploadsDir.toString()).setDeleteUploadedFilesOnEnd(true));
    r.post("/api/thumbnail-jobs/dequeue").handler(this::dequeue);
    r.post("/api/thumbnail-jobs/:id/complete").handler(ctx -> finish(ctx, true));
    r.post("/api/thumbnail-jobs/:id/fail").handler(ctx -> finish(ctx, false));
    r.get("/models/:id/file").handler(this::file);
    r.post("/models/:id/thumbnail/upload").handler(this::upload);
    return vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").map(s -> {
      server = s;
      return this;
    });
  }

  int port() { return server.actualPort(); }
  String baseUrl() { return "http://127.0.0.1:" + port(); }
  Future<Void> close() { return server.close(); }

  /** Adds a model and a pending job for it; returns the job. */
  synchronized Job addModel(String name, Buffer bytes) { return addModel(name, bytes, true); }

  synchronized Job addModel(String name, Buffer bytes, boolean disposition) {
    long modelId = ids.incrementAndGet() + 1000;
    models.put(modelId, new Model(name, bytes, disposition));
    Job job = new Job(ids.incrementAndGet(), modelId);
    jobs.put(job.id, job);
    pending.add(job.id);
    return job;
  }

  void failNext(String method, String pathPrefix, int status, int count) {
    faults.add(new Fault(method, pathPrefix, status, new int[] {count}));
  }

  /** Model files whose path starts with the prefix send headers and a first chunk, then nothing. */
  void stall(String pathPrefix) { stalls.add(pathPrefix); }

  long count(String method, String pathPrefix) {
    return requests.stream().filter(s -> s.method().equals(method) && s.path().startsWith(pathPrefix)).count();
  }

  private synchronized void dequeue(RoutingContext ctx) {
    Long id = pending.poll();
    if (id == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    Job job = jobs.get(id);
    job.status = "InProgress";
    json(ctx, 200, new JsonObject().put("id", job.id).put("modelId", job.modelId).put("modelHash", "h" + job.modelId)
        .put("status", "InProgress").put("attemptCount", job.attempts).put("createdAt", "2026-11-28T10:00:00Z")
        .put("assignedWorkerId", ctx.body().asJsonObject().getString("workerId")));
  }

  private synchronized void finish(RoutingContext ctx, boolean ok) {
    Job job = jobs.get(Long.parseLong(ctx.pathParam("id")));
    if (job == null) {
      json(ctx, 404, new JsonObject().put("error", "no such job"));
      return;
    }
    if (!"InProgress".equals(job.status)) {
      json(ctx, 409, new JsonObject().put("error", "job is " + job.status));
      return;
    }
    job.attempts++;
    if (ok) {
      job.status = "Completed";
      job.completions++;
    } else {
      job.errorMessage = ctx.body().asJsonObject().getString("errorMessage");
      job.status = job.attempts < maxAttempts ? "Pending" : "Failed";
      if (job.status.equals("Pending")) pending.add(job.id);
    }
    json(ctx, 200, new JsonObject().put("jobId", job.id).put("status", ok ? "Completed" : "Failed"));
  }

  private void file(RoutingContext ctx) {
    Model m = models.get(Long.parseLong(ctx.pathParam("id")));
    if (m == null) {
      json(ctx, 404, new JsonObject().put("error", "no such model"));
      return;
    }
    if ("false".equals(ctx.request().getParam("download"))) {
      json(ctx, 200, new JsonObject().put("id", ctx.pathParam("id")).put("name", m.name).put("sizeBytes", m.bytes.length()));
      return;
    }
    var resp = ctx.response().putHeader("Content-Type", "application/octet-stream");
    if (m.disposition) resp.putHeader("Content-Disposition", "attachment; filename=\"" + m.name + "\"");
    if (stalls.stream().anyMatch(p -> ctx.request().path().startsWith(p))) {
      resp.setChunked(true).write(m.bytes.slice(0, Math.min(16, m.bytes.length())));   // then silence
      return;
    }
    resp.end(m.bytes);
  }

  private void upload(RoutingContext ctx) {
    List<FileUpload> files = new ArrayList<>(ctx.fileUploads());
    if (files.size() != 1 || !files.get(0).name().equals("file")) {
      json(ctx, 400, new JsonObject().put("error", "expected one multipart field 'file'"));
      return;
    }
    FileUpload f = files.get(0);
    long modelId = Long.parseLong(ctx.pathParam("id"));
    uploads.add(new Upload(modelId, f.fileName(), f.contentType(), f.size(),
        ctx.request().getFormAttribute("width"), ctx.request().getFormAttribute("height")));
    json(ctx, 200, new JsonObject().put("modelId", modelId).put("thumbnailPath", "/thumbnails/" + modelId + "/" + f.fileName())
        .put("sizeBytes", f.size()).put("width", Integer.parseInt(ctx.request().getFormAttribute("width")))
        .put("height", Integer.parseInt(ctx.request().getFormAttribute("height"))).put("contentType", f.contentType()));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
