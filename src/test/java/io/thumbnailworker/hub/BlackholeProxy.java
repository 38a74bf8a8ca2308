package io.thumbnailworker.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP relay to {@code 127.0.0.1:target} that can turn into a black hole: after {@link #cut()} every byte in either
 * direction is dropped while the connections stay open, as on a link that died without a reset.
 */
final class BlackholeProxy {
  private final Vertx vertx;
  private final int target;
  private volatile boolean cut;
  private NetServer server;

  BlackholeProxy(Vertx vertx, int target) {
    this.vertx = vertx;
    this.target = target;
  }

  Future<BlackholeProxy> start() {
    return vertx.createNetServer().connectHandler(this::relay).listen(0, "127.0.0.1").map(s -> {
      server = s;
      return this;
    });
  }

  int port() { return server.actualPort(); }

  void cut() { cut = true; }

  private void relay(NetSocket client) {
    client.pause();
    vertx.createNetClient().connect(target, "127.0.0.1").onSuccess(upstream -> {
      client.handler(buf -> { if (!cut) upstream.write(buf); });
      upstream.handler(buf -> { if (!cut) client.write(buf); });
      client.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> client.close());
      client.resume();
    }).onFailure(e -> client.close());
  }
}
