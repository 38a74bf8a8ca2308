package io.thumbnailworker.backend;

/** Names fixed by the contract of design §2 (the {@code spec} profile), shared by the worker and the reference server. */
public final class SpecContract {
  /** The SignalR hub, below API_BASE_URL. */
  public static final String HUB_PATH = "/hubs/thumbnail-jobs";

  private SpecContract() {}
}
