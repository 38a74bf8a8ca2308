package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

/** A created asset: its job (announced once the answer is out) and the answer's body. */
record CreatedAsset(JobRow job, JsonObject body) {}
