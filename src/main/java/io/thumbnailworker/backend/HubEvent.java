package io.thumbnailworker.backend;

import io.thumbnailworker.bus.JobHint;
import io.thumbnailworker.bus.JobStatusChange;

/** What a hub event means to the worker: a job may be waiting, or some job changed status. */
public sealed interface HubEvent permits HubEvent.JobAvailable, HubEvent.StatusChanged {
  /** Goes out on {@code thumbnail.jobs.available}. */
  record JobAvailable(JobHint hint) implements HubEvent {}

  /** Goes out on {@code thumbnail.jobs.status}. */
  record StatusChanged(JobStatusChange change) implements HubEvent {}
}
