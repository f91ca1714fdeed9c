package dev.forja.http.metrics;

/** What {@code GET /api/v1/metrics} serves: the agent's metrics in Prometheus text. */
public interface MetricsEndpoint {
  /** The current value of every metric, in the Prometheus text exposition format. */
  String scrape();
}
