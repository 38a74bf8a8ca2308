package io.thumbnailworker.node;

import io.thumbnailworker.cluster.HubLease;
import io.thumbnailworker.hub.HubVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** What the hub lease switches: the hub verticle's deployment on this node. */
final class HubDeployment implements HubLease.Holder {
  private final Vertx vertx;
  private final Supplier<HubVerticle> factory;
  private volatile String deployment;
  private volatile HubVerticle hub;

  HubDeployment(Vertx vertx, Supplier<HubVerticle> factory) {
    this.vertx = vertx;
    this.factory = factory;
  }

  @Override
  public Future<Void> acquired() {
    HubVerticle verticle = factory.get();
    return vertx.deployVerticle(verticle).map(id -> {
      deployment = id;
      hub = verticle;
      return null;
    });
  }

  @Override
  public Future<Void> lost() {
    String id = deployment;
    deployment = null;
    hub = null;
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  /** The hub verticle while this node holds the lease, else null. */
  HubVerticle current() {
    return hub;
  }
}
