package dev.forja.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume scenario at a tiny size, with real child JVMs on SQLite: the agent is killed with
 * SIGKILL a third of the way into the apply and restarted on the same store; the command then ends
 * Success with every update, updates final before the kill keep their state and are not sent again,
 * the sim holds each resource once, and the destroy leaves none. No timings are asserted.
 */
class ResumeScenarioTest {
  @TempDir Path reports;

  @Test
  void aKilledAgentResumesTheApplyWithoutRedoingOrDuplicatingAnything() throws Exception {
    int resources = AgentScenarioTest.RESOURCES;
    Report report = new Report("resume", "sqlite", resources);

    new ResumeScenario().run(AgentScenarioTest.tiny(reports), resources, report);

    assertThat(report.failures()).as("the run's own checks").isEmpty();
    String markdown =
        Files.readString(report.write(reports, AgentScenarioTest.quiet()), StandardCharsets.UTF_8);
    assertThat(markdown)
        .contains(
            "restart to healthy",
            "restart to first resumed call at the sim",
            "restart to command end",
            "exit code of the killed agent | 137");
  }
}
