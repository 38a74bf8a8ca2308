package io.thumbnailworker.api.hub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** A hub method callable by clients; its future's value is the Completion result (null = void). */
@FunctionalInterface
public interface HubMethod {
  /**
   * @param args   the invocation's arguments as sent
   * @param caller who called, for logging
   * @return the result, or a failed future whose message is sent back as the Completion error
   */
  Future<Object> invoke(JsonArray args, HubCaller caller);
}
