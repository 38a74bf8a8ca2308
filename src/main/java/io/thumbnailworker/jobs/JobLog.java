package io.thumbnailworker.jobs;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logs one job's lines with {@code jobId} and {@code modelId} in the MDC (the text pattern prints them, the JSON
 * encoder adds them as fields). The MDC is set around each call only, because a job hops between threads.
 */
final class JobLog {
  private final Logger log;
  private final String jobId;
  private final String modelId;

  JobLog(Logger log, long jobId, long modelId) {
    this.log = log;
    this.jobId = String.valueOf(jobId);
    this.modelId = String.valueOf(modelId);
  }

  void info(String format, Object... args) {
    try (var a = MDC.putCloseable("jobId", jobId); var b = MDC.putCloseable("modelId", modelId)) {
      log.info(format, args);
    }
  }

  void warn(String format, Object... args) {
    try (var a = MDC.putCloseable("jobId", jobId); var b = MDC.putCloseable("modelId", modelId)) {
      log.warn(format, args);
    }
  }

  void debug(String format, Object... args) {
    if (!log.isDebugEnabled()) return;
    try (var a = MDC.putCloseable("jobId", jobId); var b = MDC.putCloseable("modelId", modelId)) {
      log.debug(format, args);
    }
  }
}
