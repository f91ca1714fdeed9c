package dev.forja.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.store.ScratchStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent scenario at a tiny size, with real child JVMs ({@code forja sim start}, {@code forja
 * agent start}) on SQLite: the apply and the destroy both end Success with every update Success,
 * the sim holds every resource after the apply and none after the destroy, and the report carries
 * the figures and charts. No timings are asserted.
 */
class AgentScenarioTest {
  static final int RESOURCES = 30;

  @TempDir Path reports;

  /** Options of a tiny run: a fast sim that still throttles. */
  static RunOptions tiny(Path reports) {
    return new RunOptions(
        "sqlite",
        List.of(RESOURCES),
        11,
        reports,
        ScratchStore.DEFAULT_PG_SERVER,
        "1-20",
        0.02,
        List.of(1_000),
        1,
        0,
        true,
        "");
  }

  @Test
  void appliesAndDestroysThroughTheAgentWithNothingLeftInTheSim() throws Exception {
    Report report = new Report("agent", "sqlite", RESOURCES);

    new AgentScenario().run(tiny(reports), RESOURCES, report);

    assertThat(report.failures()).as("the run's own checks").isEmpty();
    String markdown = Files.readString(report.write(reports, quiet()), StandardCharsets.UTF_8);
    assertThat(markdown)
        .contains(
            "apply, submit to end",
            "destroy, operations/s",
            "| in-flight limit | 50 |",
            "agent-sqlite-30-inflight.png",
            "agent-sqlite-30-ops.png");
    assertThat(reports.resolve("agent-sqlite-30-inflight.png")).isRegularFile();
  }

  static PrintWriter quiet() {
    return new PrintWriter(new StringWriter());
  }
}
