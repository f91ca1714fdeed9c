package dev.forja.loadtest.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.scenario.PersistScenario;
import dev.forja.loadtest.scenario.RunOptions;
import dev.forja.loadtest.store.ScratchStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persist scenario at a tiny size on SQLite's real journal: every run ends with every update
 * Success (the driver checks the read model), and the report states the cost at N, the reference's
 * and their ratio. It asserts no timings.
 */
class PersistScenarioTest {
  private static final int COUNT = 30;

  @TempDir Path reports;

  @Test
  void measuresThePerUpdateCostAtNAndAtTheReferenceOnTheSqliteJournal() throws Exception {
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
            5,
            true,
            "run --scenario persist --count " + COUNT);
    Report report = new Report("persist", "sqlite", COUNT);

    new PersistScenario().run(options, COUNT, report);

    assertThat(report.failures()).isEmpty();
    Path file = report.write(reports, new PrintWriter(new StringWriter()));
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("per-update cost at 30", "per-update cost at 200 (reference)", "ratio 30 / 200")
        .containsPattern("ratio 30 / 200 \\| [0-9.]+ wall, [0-9.]+ CPU: (met|missed) \\(bar 1.3\\)")
        .doesNotContain("FAILED");
  }

  @Test
  void drivesACommandOnTheSqliteJournalToSuccess() throws Exception {
    try (ScratchStore store = ScratchStore.sqlite();
        PersisterDriver driver =
            PersisterDriver.onStore(store.config(), 7, 5, Duration.ofSeconds(60))) {
      // run() checks the end: Complete replies Success and the JDBC read model holds the command
      // Success with all its updates Success; anything else throws RunFailed.
      PersisterDriver.Run run = driver.run(25, false);

      assertThat(run.resources()).isEqualTo(25);
    }
  }
}
