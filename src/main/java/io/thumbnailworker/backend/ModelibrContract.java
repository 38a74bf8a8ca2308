package io.thumbnailworker.backend;

/** Names and limits fixed by the Modelibr backend (the {@code modelibr} profile, {@code docs/modelibr.md}). */
public final class ModelibrContract {
  /** The SignalR hub, below API_BASE_URL. */
  public static final String HUB_PATH = "/jobProcessingHub";
  /** How long a claim holds a job; after that the job is claimable again, with its attempt count reset. */
  public static final long LOCK_MS = 10 * 60_000;
  /** The longest JOB_TIMEOUT_MS that leaves a job time to be reported inside its lock: two minutes less. */
  public static final int MAX_JOB_TIMEOUT_MS = (int) LOCK_MS - 2 * 60_000;
  /** The dequeue route refuses worker ids outside 1–100 characters. */
  public static final int MAX_WORKER_ID_LENGTH = 100;

  private ModelibrContract() {}
}
