package io.thumbnailworker.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference server: opens the shared {@link ApiStore}, mounts the routes of each contract it speaks on one router
 * (declared in {@link SpecRoutes}, {@link ModelibrRoutes} and, for every profile, {@link ToolRoutes}), listens, and
 * runs the {@link LeaseSweeper}. Stops in reverse order:
 * hubs, HTTP server, database.
 */
final class ApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final ApiOptions options;
  private ApiStore store;
  private List<ContractRoutes> contracts = List.of();
  private LeaseSweeper sweeper;
  private ConnectionGuard guard;
  private HttpServer server;

  ApiVerticle(ApiOptions options) {
    this.options = options;
  }

  int port() { return server.actualPort(); }

  int hubClients() {
    return contracts.stream().mapToInt(ContractRoutes::hubClients).sum();
  }

  @Override
  public Future<?> start() {
    return ApiStore.open(vertx, options).compose(opened -> {
      store = opened;
      contracts = contracts(store);
      sweeper = new LeaseSweeper(store);
      guard = new ConnectionGuard(vertx, options.timeouts());
      return vertx.createHttpServer(guard.apply(new HttpServerOptions().setCompressionSupported(false)))
          .connectionHandler(guard::opened).requestHandler(router()).listen(options.port());
    }).onSuccess(s -> {
      server = s;
      sweeper.start();
      guard.start();
      LOG.info("Reference API ({} profile) listening on http://localhost:{} (data {}, api key {}, max attempts {}, lease {} ms)",
          options.profile().label(), s.actualPort(), options.dataDir().toAbsolutePath(), options.apiKey() == null ? "off" : "on",
          options.maxAttempts(), options.lockTimeoutMs());
    });
  }

  /** The contracts {@code --profile} asks for, all over the same store, and the routes for people and tools. */
  private static List<ContractRoutes> contracts(ApiStore store) {
    ApiProfile profile = store.options().profile();
    List<ContractRoutes> out = new ArrayList<>();
    if (profile.speaksSpec()) out.add(new SpecRoutes(store));
    if (profile.speaksModelibr()) out.add(new ModelibrRoutes(store));
    out.add(new ToolRoutes(store));
    return out;
  }

  /**
   * The connection guard's bookkeeping first, then fault injection (when on), then every contract's routes, then the
   * JSON 404 and the error handler.
   */
  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(guard.requests());
    if (options.faults() != null) router.route().handler(new FaultHandler(vertx, options.faults()));
    ApiKeyCheck keys = new ApiKeyCheck(options.apiKey());
    RouteTable table = new RouteTable(router, keys);
    for (ContractRoutes contract : contracts) contract.declare(table);
    router.route().last().handler(ctx -> noSuchRoute(ctx, keys));
    router.route().failureHandler(HttpResponses::failure);
    return router;
  }

  /** No route matched: without the key (when one is set) that is a 401, as on every keyed route; else a 404. */
  private static void noSuchRoute(RoutingContext ctx, ApiKeyCheck keys) {
    if (!keys.allows(ctx.request())) {
      HttpResponses.error(ctx, 401, "unauthorized", ApiKeyCheck.MISSING);
    } else {
      HttpResponses.error(ctx, 404, "not_found", ctx.request().method() + " " + ctx.request().path() + ": no such endpoint");
    }
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) sweeper.stop();
    if (guard != null) guard.stop();
    return Future.all(contracts.stream().map(ContractRoutes::close).toList())
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> store == null ? Future.succeededFuture() : store.close())
        .onComplete(ar -> LOG.info("Reference API stopped"));
  }
}
