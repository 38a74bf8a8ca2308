package io.thumbnailworker.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Turns one claimed job of an asset type into its result: the body of the complete report, or a failure whose
 * message is the job's one-line error. {@link JobRunner} acknowledges, reports and cleans up around it.
 */
@FunctionalInterface
interface AssetProcessor {
  Future<JsonObject> run(JobRun run);
}
