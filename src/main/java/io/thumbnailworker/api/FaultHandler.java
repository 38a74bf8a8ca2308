package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.BodyFlow;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The first handler of every request when fault injection is on: applies the {@link FaultInjector}'s next matching
 * fault. A status answers at once; a stall on a file download is left to the download (headers first, body later,
 * through {@link #STALL_KEY}); any other stall delays the request before it is handled.
 */
final class FaultHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FaultHandler.class);
  static final String STALL_KEY = "fault.stallMs";

  private final Vertx vertx;
  private final FaultInjector faults;

  FaultHandler(Vertx vertx, FaultInjector faults) {
    this.vertx = vertx;
    this.faults = faults;
  }

  @Override
  public void handle(RoutingContext ctx) {
    FaultInjector.Fault f = faults.take(ctx.request().method().name(), ctx.request().path());
    if (f == null) {
      ctx.next();
    } else if (f.status() > 0) {
      LOG.info("Injected fault: {} {} answered {}", ctx.request().method(), ctx.request().path(), f.status());
      HttpResponses.error(ctx, f.status(), "injected_fault", "fault injected for testing: status " + f.status());
    } else if (ctx.request().path().endsWith("/file")) {
      LOG.info("Injected fault: body of {} stalled {} ms", ctx.request().path(), f.stallMs());
      ctx.put(STALL_KEY, f.stallMs());
      ctx.next();
    } else {
      LOG.info("Injected fault: {} {} delayed {} ms", ctx.request().method(), ctx.request().path(), f.stallMs());
      BodyFlow flow = BodyFlow.of(ctx);                   // held by the server: the sender is not slow meanwhile
      flow.pause();
      vertx.timer(f.stallMs(), TimeUnit.MILLISECONDS).onComplete(v -> {
        flow.resume();
        ctx.next();
      });
    }
  }
}
