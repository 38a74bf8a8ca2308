package io.thumbnailworker.backend;

import java.util.List;

/**
 * One worker-to-server hub invocation. The arguments are plain values ({@link String}, {@link Long}, and
 * {@link java.util.Map} for a JSON object, in its key order) that the SignalR client serialises as JSON.
 */
public record HubCall(String method, List<Object> arguments) {
  public HubCall {
    arguments = List.copyOf(arguments);
  }
}
