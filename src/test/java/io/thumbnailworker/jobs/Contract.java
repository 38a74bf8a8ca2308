package io.thumbnailworker.jobs;

import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.backend.ModelibrContract;
import io.thumbnailworker.backend.SpecContract;

/**
 * The contract an end-to-end test runs in: the reference server's profile and the paths a fault is injected on.
 * {@link #SPEC} keeps the server's default profile ({@code both}), where {@code API_PROFILE=auto} picks the spec;
 * {@link #MODELIBR} starts the server with {@code --profile modelibr} only.
 */
enum Contract {
  SPEC(ApiProfile.BOTH, "spec", SpecContract.HUB_PATH, "/models/\\d+/file"),
  MODELIBR(ApiProfile.MODELIBR, "modelibr", ModelibrContract.HUB_PATH, "/models/\\d+/versions/\\d+/file");

  /** The server's profile. */
  final ApiProfile server;
  /** What the worker's {@code API_PROFILE} is when a test names the contract rather than leaving it to {@code auto}. */
  final String workerProfile;
  /** The hub's path below the base URL. */
  final String hubPath;
  /** The route a worker downloads a model from, as a path regex. */
  final String modelFileRegex;

  Contract(ApiProfile server, String workerProfile, String hubPath, String modelFileRegex) {
    this.server = server;
    this.workerProfile = workerProfile;
    this.hubPath = hubPath;
    this.modelFileRegex = modelFileRegex;
  }
}
