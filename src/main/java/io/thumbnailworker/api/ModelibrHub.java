package io.thumbnailworker.api;

import io.thumbnailworker.backend.ModelibrContract;

import io.thumbnailworker.api.hub.HubArg;
import io.thumbnailworker.api.hub.HubCaller;
import io.thumbnailworker.api.hub.HubServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Modelibr's hub ({@value ModelibrContract#HUB_PATH}, no access token): a worker joins the {@value #WORKERS} group with
 * {@code RegisterWorker(workerId)} after every connect, leaves it with {@code UnregisterWorker(workerId)}, and after a
 * claim calls {@code AcknowledgeJobProcessing(jobId: int, workerId: string)}, which the others hear as
 * {@code JobAcknowledged}. Job events ({@link ModelibrHubEvents}) go to the group only: a connection that did not
 * register hears nothing.
 */
final class ModelibrHub {
  private static final Logger LOG = LoggerFactory.getLogger(ModelibrHub.class);
  /** The hub's path below the base URL, as the real Modelibr backend mounts it. */
  /** The SignalR group of registered workers. */
  static final String WORKERS = "ThumbnailWorkers";

  private final HubServer hub;
  private final Database db;
  private final long lockMs;

  ModelibrHub(ApiStore store) {
    this.db = store.db();
    this.lockMs = store.options().lockTimeoutMs();
    this.hub = new HubServer(store.vertx(), store.options().hubSettings());
    hub.method("RegisterWorker", this::register, HubArg.STRING);
    hub.method("UnregisterWorker", this::unregister, HubArg.STRING);
    hub.method("AcknowledgeJobProcessing", this::acknowledge, HubArg.INT, HubArg.STRING);
    store.events().add(new ModelibrHubEvents(hub));
  }

  HubServer server() {
    return hub;
  }

  private Future<Object> register(JsonArray args, HubCaller caller) {
    String workerId = args.getString(0);
    hub.addToGroup(caller.connectionId(), WORKERS);
    LOG.info("Worker {} registered on the Modelibr hub (connection {})", workerId, caller.connectionId());
    hub.sendToGroup(WORKERS, caller.connectionId(), "WorkerRegistered", workerEvent(workerId, caller));
    return Future.succeededFuture();
  }

  private Future<Object> unregister(JsonArray args, HubCaller caller) {
    String workerId = args.getString(0);
    hub.removeFromGroup(caller.connectionId(), WORKERS);
    LOG.info("Worker {} unregistered from the Modelibr hub (connection {})", workerId, caller.connectionId());
    hub.sendToGroup(WORKERS, caller.connectionId(), "WorkerUnregistered", workerEvent(workerId, caller));
    return Future.succeededFuture();
  }

  /** Noted on the job, and its lock extended, when the caller holds it; relayed to the other workers. */
  private Future<Object> acknowledge(JsonArray args, HubCaller caller) {
    long jobId = args.getInteger(0);
    String workerId = args.getString(1);
    long now = System.currentTimeMillis();
    hub.sendToGroup(WORKERS, caller.connectionId(), "JobAcknowledged", new JsonObject().put("jobId", jobId)
        .put("workerId", workerId).put("timestamp", Instant.ofEpochMilli(now).toString()));
    return db.tx(c -> JobQueries.acknowledge(c, jobId, workerId, now, lockMs)).map(held -> {
      LOG.info("Job {} acknowledged by {}{}", jobId, workerId, held ? "" : " (not its holder; nothing noted)");
      return null;
    });
  }

  private static JsonObject workerEvent(String workerId, HubCaller caller) {
    return new JsonObject().put("workerId", workerId).put("connectionId", caller.connectionId())
        .put("timestamp", Instant.now().toString());
  }
}
