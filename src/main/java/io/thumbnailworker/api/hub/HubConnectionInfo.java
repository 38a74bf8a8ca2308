package io.thumbnailworker.api.hub;

/** What a hub method may know about its caller. */
public record HubConnectionInfo(String connectionId, String transport, String remoteAddress) {}
