package dev.forja.loadtest.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenarios read in-flight updates, ended updates and throttles from the agent's scrape. */
class MetricsTest {
  private static final String SCRAPE =
      """
      # HELP forja_updates_in_flight Resource updates running now
      # TYPE forja_updates_in_flight gauge
      forja_updates_in_flight 42.0
      # TYPE forja_updates_total counter
      forja_updates_total{operation="create",state="Success",} 120.0
      forja_updates_total{operation="delete",state="Success",} 3.0
      forja_plugin_call_seconds_count{namespace="AWS",operation="create",outcome="failed",} 2.0
      forja_plugin_call_seconds_count{namespace="AWS",operation="status",outcome="failed",} 5.0
      forja_plugin_call_seconds_count{namespace="AWS",operation="status",outcome="success",} 9.0
      forja_plugin_call_seconds_sum{namespace="AWS",operation="status",outcome="success",} 0.9
      forja_commands{state="",} 1.0
      not a sample
      """;

  @Test
  void sumsSamplesByNameAndLabels() {
    Metrics m = Metrics.parse(SCRAPE);

    assertThat(m.sum("forja_updates_in_flight")).isEqualTo(42.0);
    assertThat(m.sum("forja_updates_total")).isEqualTo(123.0);
    assertThat(m.sum("forja_plugin_call_seconds_count", Map.of("outcome", "failed")))
        .isEqualTo(7.0);
    assertThat(
            m.sum(
                "forja_plugin_call_seconds_count",
                Map.of("operation", "status", "outcome", "failed")))
        .isEqualTo(5.0);
    assertThat(m.sum("forja_commands", Map.of("state", ""))).isEqualTo(1.0);
    assertThat(m.sum("forja_absent")).isZero();
  }

  @Test
  void throttlesAreTheFailedPluginCalls() {
    assertThat(AgentReport.throttles(Metrics.parse(SCRAPE))).isEqualTo(7.0);
  }

  @Test
  void pluginLatencyIsTheMeanPerOperation() {
    assertThat(AgentReport.pluginLatency(Metrics.parse(SCRAPE)))
        .containsExactly(
            java.util.List.of("create", "2", "0.0"), java.util.List.of("status", "14", "64.3"));
  }
}
