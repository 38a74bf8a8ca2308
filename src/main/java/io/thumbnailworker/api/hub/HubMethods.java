package io.thumbnailworker.api.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client-callable methods of a hub and the dispatch of an Invocation to one of them: names match
 * case-insensitively and errors are worded as ASP.NET Core words them. The answer (a Completion) goes back on the
 * calling connection unless the invocation was fire-and-forget.
 */
final class HubMethods {
  /** A registered hub method and its parameter types. */
  private record Method(String name, List<HubArg> parameters, HubMethod impl) {
    int parameterCount() {
      return parameters.size();
    }
  }

  private final Map<String, Method> methods = new ConcurrentHashMap<>();

  void add(String name, List<HubArg> parameters, HubMethod impl) {
    methods.put(name.toLowerCase(Locale.ROOT), new Method(name, List.copyOf(parameters), impl));
  }

  /** Handles an Invocation (or StreamInvocation) message from {@code caller}. */
  void dispatch(ClientConnection caller, JsonObject msg, boolean streaming) {
    String invocationId = msg.getValue("invocationId") instanceof String s ? s : null;
    String target = msg.getValue("target") instanceof String s ? s : null;
    Object rawArgs = msg.getValue("arguments");
    if (target == null || !(rawArgs instanceof JsonArray args)) {
      caller.closeWithError("Connection closed with an error. InvalidDataException: Invocation needs 'target' and 'arguments'.", false);
      return;
    }
    Method method = methods.get(target.toLowerCase(Locale.ROOT));
    if (method == null) {
      if (invocationId != null) caller.send(HubProtocol.completionError(invocationId, "Unknown hub method '" + target + "'"));
      return;
    }
    if (streaming) {
      caller.send(HubProtocol.completionError(invocationId, "The client attempted to invoke the non-streaming '"
          + method.name() + "' method with a streaming invocation."));
      return;
    }
    if (args.size() != method.parameterCount()) {
      if (invocationId != null) {
        caller.send(HubProtocol.completionError(invocationId, "Failed to invoke '" + method.name() + "' due to an error on "
            + "the server. InvalidDataException: Invocation provides " + args.size() + " argument(s) but target expects "
            + method.parameterCount() + "."));
      }
      return;
    }
    if (!bindable(method, args)) {
      if (invocationId != null) {
        caller.send(HubProtocol.completionError(invocationId, "Failed to invoke '" + method.name() + "' due to an error on "
            + "the server. InvalidDataException: Error binding arguments. Make sure that the types of the provided values "
            + "match the types of the hub method being invoked."));
      }
      return;
    }
    method.impl().invoke(args, caller.caller()).onComplete(ar -> {
      if (invocationId == null || caller.closed()) return;   // fire-and-forget: the callee must not answer
      if (ar.succeeded()) caller.send(HubProtocol.completion(invocationId, ar.result()));
      else caller.send(HubProtocol.completionError(invocationId, ar.cause().getMessage() == null
          ? "An unexpected error occurred invoking '" + method.name() + "' on the server." : ar.cause().getMessage()));
    });
  }

  private static boolean bindable(Method method, JsonArray args) {
    for (int i = 0; i < args.size(); i++) if (!method.parameters().get(i).accepts(args.getValue(i))) return false;
    return true;
  }
}
