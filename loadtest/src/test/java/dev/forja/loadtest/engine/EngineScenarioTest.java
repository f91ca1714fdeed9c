package dev.forja.loadtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.scenario.EngineScenario;
import dev.forja.loadtest.scenario.RunOptions;
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
 * The engine scenario at a tiny size on SQLite: the run's own checks pass (every update Success,
 * the inventory and the simulator empty after the destroy) and the report carries every figure and
 * chart. It asserts no timings.
 */
class EngineScenarioTest {
  private static final int COUNT = 25;

  @TempDir Path reports;

  @Test
  void appliesAndDestroysWithEveryCheckPassedAndEveryFigureReported() throws Exception {
    RunOptions options =
        new RunOptions(
            "sqlite",
            List.of(COUNT),
            7,
            reports,
            ScratchStore.DEFAULT_PG_SERVER,
            "50-500",
            0.02,
            List.of(1_000),
            60,
            0,
            true,
            "run --scenario engine --count " + COUNT);
    Report report = new Report("engine", "sqlite", COUNT);

    new EngineScenario().run(options, COUNT, report);

    assertThat(report.failures()).isEmpty();
    Path file = report.write(reports, new PrintWriter(new StringWriter()));
    String markdown = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(markdown)
        .contains(
            "apply: wall time",
            "destroy: wall time",
            "apply: operations/s",
            "apply: engine CPU per operation",
            "apply: update duration p50 / p95 / p99 / max",
            "destroy: update duration p50 / p95 / p99 / max",
            "apply: events journaled/s",
            "peak heap",
            "heap per in-flight update",
            "final counts")
        // Both commands ended Success with every update Success, and nothing was left.
        .contains("apply Success (Success 25)", "destroy Success (Success 25)")
        .contains("0 in the simulator, 0 in the inventory")
        .doesNotContain("FAILED");
    for (String chart : List.of("operations", "in-flight", "heap")) {
      assertThat(reports.resolve(report.stem() + "-" + chart + ".png")).isRegularFile();
    }
  }
}
