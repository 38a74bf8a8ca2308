package io.thumbnailworker.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's Prometheus registry: Vert.x and JVM meters (through vertx-micrometer-metrics) plus the job counters,
 * per-stage duration histograms and gauges of this service. One per node, no global registry.
 */
public final class Metrics {
  /** Stages a job goes through; each gets a histogram {@code thumbnail_job_stage_seconds{stage=…}}. */
  public enum Stage { claim, download, load, render, encode, upload, report }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter claimed;
  private final Counter completed;
  private final Counter failed;
  private final Map<Stage, Timer> stages = new ConcurrentHashMap<>();

  public Metrics() {
    claimed = Counter.builder("thumbnail_jobs_claimed").description("Jobs this node claimed").register(registry);
    completed = Counter.builder("thumbnail_jobs_completed").description("Jobs this node completed").register(registry);
    failed = Counter.builder("thumbnail_jobs_failed").description("Jobs this node reported failed").register(registry);
    for (Stage stage : Stage.values()) {
      stages.put(stage, Timer.builder("thumbnail_job_stage").tag("stage", stage.name())
          .description("Duration of one job stage").publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
          .register(registry));
    }
  }

  /** Registers the gauges read from the node's components; called once the node exists. */
  public void gauges(NodeView node) {
    Gauge.builder("thumbnail_jobs_active", node, n -> n.activeJobs())
        .description("Jobs in progress on this node").register(registry);
    Gauge.builder("thumbnail_hub_connected", node, n -> n.hub().connected() ? 1 : 0)
        .description("1 while this node holds a live SignalR connection").register(registry);
  }

  /** Options that turn Vert.x metrics on, JVM meters included; pair with {@link #factory()}. */
  public MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /** Makes Vert.x report into this node's registry rather than a process-global one. */
  public MicrometerMetricsFactory factory() { return new MicrometerMetricsFactory(registry); }

  public PrometheusMeterRegistry registry() { return registry; }
  public void jobClaimed() { claimed.increment(); }
  public void jobCompleted() { completed.increment(); }
  public void jobFailed() { failed.increment(); }
  public long completed() { return (long) completed.count(); }
  public long failed() { return (long) failed.count(); }
  public void stage(Stage stage, long millis) { stages.get(stage).record(Duration.ofMillis(millis)); }
}
