package io.thumbnailworker.status;

import io.thumbnailworker.bus.HubState;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What the status endpoint shows of a node, read from the components that own each part (the node's lifecycle, the
 * job scheduler, the hub and render verticles, the cluster view). Every method may be called from any thread.
 */
public interface NodeView {
  /** The GL side of this node: who renders, on how many threads, and whether they are alive and not stuck. */
  record RenderInfo(String glVendor, String glRenderer, int threads, boolean healthy) {
    public static final RenderInfo NONE = new RenderInfo(null, null, 0, true);

    public JsonObject toJson() {
      return new JsonObject().put("glVendor", glVendor).put("glRenderer", glRenderer).put("threads", threads);
    }
  }

  Instant startedAt();
  boolean ready();
  /** Why {@link #ready()} is false, when a part can say; null otherwise. */
  default String notReadyReason() { return null; }
  boolean shuttingDown();
  int activeJobs();
  boolean polling();
  /** The backend contract this node speaks now ({@code spec}, {@code modelibr}), or {@code none} while auto finds none. */
  String apiProfile();
  /** This node's own SignalR connection. */
  HubState hub();
  RenderInfo render();
  /** {enabled, members:[{workerId, roles, activeJobs, holdsHub, eventBus:{address, reachable}}]}. */
  JsonObject cluster();
}
