package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The reference Web API + SignalR hubs (design §2 and Modelibr's contract, as {@link ApiOptions#profile()} chooses), embeddable: {@code ApiServer.start(vertx, options)} deploys it on
 * the given Vert.x, {@link #close()} undeploys it. The worker's tests, {@code demo} and the {@code api} subcommand
 * all use this.
 */
public final class ApiServer {
  /** The path of Modelibr's hub below {@link #baseUrl()} (when the profile speaks Modelibr's contract). */

  private final Vertx vertx;
  private final String deploymentId;
  private final ApiVerticle verticle;
  private final ApiOptions options;

  private ApiServer(Vertx vertx, String deploymentId, ApiVerticle verticle, ApiOptions options) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.options = options;
  }

  public static Future<ApiServer> start(Vertx vertx, ApiOptions options) {
    ApiVerticle verticle = new ApiVerticle(options);
    return vertx.deployVerticle(verticle).map(id -> new ApiServer(vertx, id, verticle, options));
  }

  /** The port actually bound (options may ask for 0). */
  public int port() {
    return verticle.port();
  }

  /** {@code http://localhost:PORT}. */
  public String baseUrl() {
    return "http://localhost:" + port();
  }

  public ApiOptions options() {
    return options;
  }

  /** Hub clients that completed the SignalR handshake (for tests and diagnostics). */
  public int hubClients() {
    return verticle.hubClients();
  }

  /** Closes hub connections (clients are told they may reconnect), the HTTP server and the database. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
