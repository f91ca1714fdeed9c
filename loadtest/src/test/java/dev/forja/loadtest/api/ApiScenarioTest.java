package dev.forja.loadtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.scenario.ApiScenario;
import dev.forja.loadtest.scenario.RunOptions;
import dev.forja.loadtest.store.ScratchStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The api scenario at tiny size, so that it cannot rot: a 40-resource apply on SQLite under one
 * short phase of load, then its destroy. The run's own checks (apply and destroy Success 40/40, an
 * empty simulator, no unexplained error) must all pass; no latency is asserted.
 */
class ApiScenarioTest {

  @Test
  void runsAFortyResourceApplyUnderLoadWithoutFailures(@TempDir Path reports) throws Exception {
    RunOptions options =
        new RunOptions(
            "sqlite",
            List.of(40),
            42,
            reports,
            ScratchStore.DEFAULT_PG_SERVER,
            "1-5",
            0,
            List.of(600),
            2,
            0,
            true,
            "--scenario api --count 40");
    Report report = new Report("api", "sqlite", 40);

    new ApiScenario().run(options, 40, report);

    assertThat(report.failures()).isEmpty();
    Path file = report.write(reports, new PrintWriter(new StringWriter()));
    String markdown = Files.readString(file);
    assertThat(markdown)
        .contains(AgentApi.STATUS, AgentApi.LIST, AgentApi.INVENTORY, AgentApi.SIMULATE)
        .contains("Success, 40/40");
  }
}
