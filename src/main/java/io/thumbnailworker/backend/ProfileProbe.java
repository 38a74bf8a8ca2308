package io.thumbnailworker.backend;

import io.thumbnailworker.Errors;
import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One round of {@code API_PROFILE=auto}'s question "which contract does API_BASE_URL speak?", asked of each candidate:
 * <ol>
 *   <li>its hub: {@code POST {base}{hubPath}/negotiate?negotiateVersion=1} (with the API key, as the hub client sends
 *   it); a 200 JSON answer naming a connection or transports means the hub is there;</li>
 *   <li>only when no hub answered, its dequeue route, with the candidate's {@link Backend#dequeueProbe()}: a blank
 *   worker id, which the route refuses, so the probe cannot claim a job; a 400 with a JSON body means the route is
 *   there (a 204 or 200 too, though then the server took a blank worker id).</li>
 * </ol>
 * The first candidate that answers a step wins; when none answers either, the round fails with a
 * {@link NoBackendException} that lists every answer. One WebClient per round, closed at its end.
 */
final class ProfileProbe {
  /** A candidate's answer to one probe. */
  record Answer(Backend backend, String call, boolean found, String said) {
    @Override
    public String toString() { return backend.profile() + " " + call + " " + said; }
  }

  /** The contract chosen and the answers of the round that chose it. */
  record Choice(Backend backend, String evidence) {}

  private static final long MAX_PROBE_TIMEOUT_MS = 10_000;
  private final Vertx vertx;

  ProfileProbe(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Choice> run(WorkerConfig cfg, List<Backend> candidates) {
    long timeout = Math.min(cfg.integer(ConfigKey.HTTP_TIMEOUT_MS), MAX_PROBE_TIMEOUT_MS);
    WebClientOptions options = new WebClientOptions().setConnectTimeout((int) timeout).setIdleTimeout((int) timeout)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (cfg.apiBaseUrl().startsWith("https:")) {
      options.setSsl(true);
      if (!cfg.flag(ConfigKey.TLS_REJECT_UNAUTHORIZED)) options.setTrustAll(true).setVerifyHost(false);
    }
    WebClient web = WebClient.create(vertx, options);
    return ask(web, cfg, timeout, candidates, this::negotiate)
        .compose(hubs -> found(hubs).map(Future::succeededFuture).orElseGet(() ->
            ask(web, cfg, timeout, candidates, this::dequeueRoute).compose(routes -> found(routes)
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new NoBackendException("no thumbnail-jobs backend at "
                    + cfg.apiBaseUrl() + ": " + list(hubs) + "; " + list(routes)))))))
        .andThen(done -> web.close());
  }

  /** Asks every candidate at once; never fails (a failed request is an answer too). */
  private Future<List<Answer>> ask(WebClient web, WorkerConfig cfg, long timeout, List<Backend> candidates,
                                   Probe probe) {
    List<Future<Answer>> answers = candidates.stream().map(b -> probe.ask(web, cfg, timeout, b)).toList();
    return Future.join(answers).map(all -> answers.stream().map(Future::result).toList());
  }

  @FunctionalInterface
  private interface Probe {
    Future<Answer> ask(WebClient web, WorkerConfig cfg, long timeout, Backend backend);
  }

  private Future<Answer> negotiate(WebClient web, WorkerConfig cfg, long timeout, Backend b) {
    String path = b.hubPath() + "/negotiate?negotiateVersion=1";
    String call = "hub POST " + path;
    return request(web, cfg, timeout, ApiCall.post(path, null))
        .map(resp -> {
          boolean hub = resp.statusCode() == 200 && negotiation(resp);
          return new Answer(b, call, hub, "answered HTTP " + resp.statusCode()
              + (resp.statusCode() == 200 && !hub ? " without a SignalR negotiation" : ""));
        })
        .otherwise(err -> new Answer(b, call, false, "failed: " + Errors.oneLine(err)));
  }

  private Future<Answer> dequeueRoute(WebClient web, WorkerConfig cfg, long timeout, Backend b) {
    ApiCall probe = b.dequeueProbe();
    String call = "dequeue " + probe + " " + probe.body().encode();
    return request(web, cfg, timeout, probe)
        .map(resp -> switch (resp.statusCode()) {
          case 400 -> new Answer(b, call, json(resp), "answered HTTP 400" + (json(resp) ? " (refused the blank worker id)" : " without a JSON body"));
          case 204 -> new Answer(b, call, true, "answered HTTP 204 (took a blank worker id; no job was waiting)");
          case 200 -> new Answer(b, call, true, "answered HTTP 200 with a job for a blank worker id; it is re-queued when its lock expires");
          default -> new Answer(b, call, false, "answered HTTP " + resp.statusCode());
        })
        .otherwise(err -> new Answer(b, call, false, "failed: " + Errors.oneLine(err)));
  }

  private static Future<HttpResponse<Buffer>> request(WebClient web, WorkerConfig cfg, long timeout, ApiCall call) {
    HttpRequest<Buffer> req = web.requestAbs(call.method(), cfg.apiBaseUrl() + call.path()).timeout(timeout);
    if (!cfg.apiKey().isEmpty()) req.putHeader("X-Api-Key", cfg.apiKey()).putHeader("Authorization", "Bearer " + cfg.apiKey());
    return call.body() == null ? req.send() : req.sendJsonObject(call.body());
  }

  private static boolean negotiation(HttpResponse<Buffer> resp) {
    JsonObject body = object(resp);
    return body != null && (body.containsKey("availableTransports") || body.containsKey("connectionId") || body.containsKey("url"));
  }

  private static boolean json(HttpResponse<Buffer> resp) {
    return object(resp) != null;
  }

  private static JsonObject object(HttpResponse<Buffer> resp) {
    try {
      Buffer body = resp.body();
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Optional<Choice> found(List<Answer> answers) {
    return answers.stream().filter(Answer::found).findFirst().map(a -> new Choice(a.backend(), list(answers)));
  }

  private static String list(List<Answer> answers) {
    return answers.stream().map(Answer::toString).collect(Collectors.joining("; "));
  }
}
