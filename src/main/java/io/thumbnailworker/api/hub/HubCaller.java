package io.thumbnailworker.api.hub;

/** Who invoked a hub method: one client's connection to this server, for logging. */
public record HubCaller(String connectionId, String transport, String remoteAddress) {}
