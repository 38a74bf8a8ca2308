package io.thumbnailworker.bus;

import io.vertx.core.json.JsonObject;

/** {@code thumbnail.hub.state}: whether the publishing node holds a live SignalR connection, and since when. */
public record HubState(boolean connected, String transport, String connectionId, String since) {
  public static HubState disconnected() {
    return new HubState(false, null, null, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("connected", connected).put("transport", transport).put("connectionId", connectionId)
        .put("since", since);
  }

  public static HubState fromJson(JsonObject j) {
    if (j == null) return disconnected();
    return new HubState(j.getBoolean("connected", false), j.getString("transport"), j.getString("connectionId"),
        j.getString("since"));
  }
}
