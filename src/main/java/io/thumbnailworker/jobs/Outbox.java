package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.Backend;
import io.thumbnailworker.fs.FileOps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Durable complete/fail reports. A report is written (fsync'd, atomic rename) to a small directory before it is sent
 * and deleted only once the API has accepted it, so a worker restarted while the API is down still reports work it
 * finished. Pending reports are replayed at start and every {@code replayMs} until accepted; a report the API refuses
 * with a 4xx other than 429 (job unknown, held by someone else) is dropped with a warning, since no retry can change
 * that answer. A report goes to the backend that handed the job out (its profile is kept with it); where that
 * backend's job lock is bounded and the server accepts any finish (Modelibr), a report not delivered before the lock
 * ran out, less {@link #LOCK_SAFETY_MS}, is dropped too: the job may be another worker's by then. So no report is
 * sent twice by one process and none reaches a job this worker no longer holds; the one gap is a crash between the
 * API's acceptance and the file's deletion, after which the next start sends that report again.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /**
   * One report: kind "complete" (body = {thumbnailPath, sizeBytes, width, height}) or "fail" (body = {errorMessage}).
   * {@code assetType} picks the backend's route where it has one per type, {@code profile} the backend, and
   * {@code claimedAtMs} dates the claim the report is about (0: unknown); files written before these were recorded
   * read as null or 0, which means a spec model job.
   */
  public record Report(long jobId, long modelId, String assetType, String kind, String workerId, JsonObject body,
                       String profile, long claimedAtMs) {
    /** A report to the spec backend with no claim time (tools, tests). */
    public Report(long jobId, long modelId, String assetType, String kind, String workerId, JsonObject body) {
      this(jobId, modelId, assetType, kind, workerId, body, null, 0);
    }

    JsonObject toJson() {
      JsonObject j = new JsonObject().put("jobId", jobId).put("modelId", modelId);
      if (assetType != null) j.put("assetType", assetType);
      if (profile != null) j.put("profile", profile);
      if (claimedAtMs > 0) j.put("claimedAtMs", claimedAtMs);
      return j.put("kind", kind).put("workerId", workerId).put("body", body);
    }
    static Report fromJson(JsonObject j) {
      return new Report(j.getLong("jobId"), j.getLong("modelId", 0L), j.getString("assetType"), j.getString("kind"),
          j.getString("workerId"), j.getJsonObject("body"), j.getString("profile"), j.getLong("claimedAtMs", 0L));
    }
    String fileName() { return "job-" + jobId + "-" + kind + ".json"; }
  }

  /** How a send ended: EXPIRED = not sent, the job's lock ran out first. */
  public enum Outcome { ACCEPTED, REFUSED, PENDING, EXPIRED }

  /** Margin for the clock and the claim's transit between the server's lock start and this worker's claim time. */
  static final long LOCK_SAFETY_MS = 30_000;

  private final Vertx vertx;
  private final Path dir;
  private final Supplier<ApiClient> api;
  private final Set<String> sending = ConcurrentHashMap.newKeySet();
  private long timer = -1;

  public Outbox(Vertx vertx, Path dir, Supplier<ApiClient> api) {
    this.vertx = vertx;
    this.dir = dir;
    this.api = api;
  }

  /** Creates the directory, replays what is pending, and keeps replaying every {@code replayMs}. */
  public Future<Void> start(long replayMs) {
    return vertx.executeBlocking(() -> Files.createDirectories(dir)).map(d -> {
      replay();
      timer = vertx.setPeriodic(replayMs, id -> replay());
      return null;
    });
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /** Persists the report, then sends it once (with the API client's retries). Fails only if it could not be persisted. */
  public Future<Outcome> submit(Report report) {
    String key = report.fileName();
    sending.add(key);            // reserved before the file exists, so a replay tick cannot send it first
    return vertx.executeBlocking(() -> persist(report))
        .onFailure(err -> sending.remove(key))
        .compose(file -> deliver(file, report));
  }

  /** Sends every pending report not already being sent. Returns when each has been tried once. */
  public Future<Void> replay() {
    return vertx.executeBlocking(this::pending).compose(files -> {
      List<Future<Outcome>> sends = files.stream().map(f -> load(f).compose(r -> send(f, r))
          .otherwise(err -> {
            LOG.warn("Outbox file {} is unreadable, removing it: {}", f.getFileName(), Errors.oneLine(err));
            vertx.fileSystem().delete(f.toString());
            return Outcome.REFUSED;
          })).toList();
      return Future.join(sends).<Void>mapEmpty().otherwiseEmpty();
    });
  }

  /** Number of reports not yet accepted (for tests and status). */
  public Future<Integer> size() {
    return vertx.executeBlocking(() -> pending().size());
  }

  private Future<Outcome> send(Path file, Report report) {
    if (!sending.add(file.getFileName().toString())) return Future.succeededFuture(Outcome.PENDING);
    return deliver(file, report);
  }

  /** Sends a report whose key the caller has reserved in {@code sending}; releases it when done. */
  private Future<Outcome> deliver(Path file, Report report) {
    String key = file.getFileName().toString();
    ApiClient client = api.get().forJob(report.jobId(), report.modelId());
    Backend backend = client.backend(report.profile());
    if (expired(report, backend)) {
      new JobLog(LOG, report.jobId(), report.modelId()).warn("The {} report of job {} was not delivered within the job's "
          + "{}-minute lock; another worker may hold the job now, so it is not sent", report.kind(), report.jobId(),
          backend.jobLockMs().getAsLong() / 60_000);
      return vertx.fileSystem().delete(file.toString()).otherwiseEmpty().map(Outcome.EXPIRED).andThen(done -> sending.remove(key));
    }
    ApiCall call = report.kind().equals("complete")
        ? backend.complete(report.jobId(), report.assetType(), report.body())
        : backend.fail(report.jobId(), report.assetType(), report.body().getString("errorMessage"));
    return client.report(call, report.workerId()).map(ok -> Outcome.ACCEPTED)
        .recover(err -> {
          JobLog log = new JobLog(LOG, report.jobId(), report.modelId());
          if (err instanceof ApiStatusException s && !s.retryable()) {
            log.warn("API refused the {} report of job {} ({}); dropping it", report.kind(), report.jobId(), Errors.oneLine(err));
            return Future.succeededFuture(Outcome.REFUSED);
          }
          log.warn("Could not deliver the {} report of job {} ({}); kept in the outbox for retry",
              report.kind(), report.jobId(), Errors.oneLine(err));
          return Future.succeededFuture(Outcome.PENDING);
        })
        .compose(outcome -> outcome == Outcome.PENDING ? Future.succeededFuture(outcome)
            : vertx.fileSystem().delete(file.toString()).otherwiseEmpty().map(outcome))
        .andThen(done -> sending.remove(key));
  }

  private static boolean expired(Report report, Backend backend) {
    OptionalLong lock = backend.jobLockMs();
    return lock.isPresent() && report.claimedAtMs() > 0
        && System.currentTimeMillis() > report.claimedAtMs() + lock.getAsLong() - LOCK_SAFETY_MS;
  }

  /** Written durably (fsync, then renamed into place), so a crash leaves either the whole report or none. */
  private Path persist(Report report) throws IOException {
    Path file = dir.resolve(report.fileName());
    byte[] bytes = report.toJson().encode().getBytes(StandardCharsets.UTF_8);
    FileOps.writeAtomically(file, true, out -> out.write(bytes));
    return file;
  }

  private List<Path> pending() throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  private Future<Report> load(Path file) {
    return vertx.fileSystem().readFile(file.toString()).map(buf -> Report.fromJson(buf.toJsonObject()));
  }
}
