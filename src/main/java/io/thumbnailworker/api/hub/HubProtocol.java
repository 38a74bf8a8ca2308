package io.thumbnailworker.api.hub;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The ASP.NET Core SignalR JSON hub protocol, version 1: records are JSON objects each terminated by the record
 * separator 0x1E; envelope keys are fixed lower camelCase.
 */
final class HubProtocol {
  static final char RS = '\u001e';
  static final int INVOCATION = 1;
  static final int STREAM_ITEM = 2;
  static final int COMPLETION = 3;
  static final int STREAM_INVOCATION = 4;
  static final int CANCEL_INVOCATION = 5;
  static final int PING = 6;
  static final int CLOSE = 7;

  static final String PING_RECORD = "{\"type\":6}" + RS;
  static final String HANDSHAKE_OK = "{}" + RS;

  private HubProtocol() {}

  static String record(JsonObject message) {
    return message.encode() + RS;
  }

  static String invocation(String target, Object... args) {
    JsonArray arguments = new JsonArray();
    for (Object a : args) arguments.add(a);
    return record(new JsonObject().put("type", INVOCATION).put("target", target).put("arguments", arguments));
  }

  static String completion(String invocationId, Object result) {
    JsonObject m = new JsonObject().put("type", COMPLETION).put("invocationId", invocationId);
    if (result != null) m.put("result", result);
    return record(m);
  }

  static String completionError(String invocationId, String error) {
    return record(new JsonObject().put("type", COMPLETION).put("invocationId", invocationId).put("error", error));
  }

  static String close(String error, boolean allowReconnect) {
    JsonObject m = new JsonObject().put("type", CLOSE);
    if (error != null) m.put("error", error);
    if (allowReconnect) m.put("allowReconnect", true);
    return record(m);
  }

  /** Why a handshake request is refused (the text of its error answer), or null for JSON protocol version 1. */
  static String handshakeProblem(String record) {
    JsonObject request;
    try {
      request = new JsonObject(record);
    } catch (DecodeException | ClassCastException e) {
      return "Handshake request is not valid JSON.";
    }
    String protocol = request.getValue("protocol") instanceof String s ? s : null;
    Object version = request.getValue("version");
    if (protocol == null || !(version instanceof Number)) return "Handshake request is missing 'protocol' or 'version'.";
    if (!protocol.equals("json")) return "The protocol '" + protocol + "' is not supported.";
    if (((Number) version).intValue() != 1) return "The server does not support version " + version + " of the 'json' protocol.";
    return null;
  }

  static String handshakeError(String error) {
    return record(new JsonObject().put("error", error));
  }
}
