package dev.forja.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.LoadtestMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every in-process scenario at a tiny size on SQLite, in the default test run, so that the module
 * cannot rot: the run passes (exit 0) and writes its report without a FAILED banner. It asserts no
 * figures; the full-size runs are outside {@code mvn verify} (see loadtest/README.md).
 */
class ScenarioSmokeTest {
  @TempDir Path reports;

  static Stream<String> scenarios() {
    // agent and resume start child JVMs; AgentScenarioTest and ResumeScenarioTest run them at a
    // tiny size with more checks, so running them here too would only double the build's time.
    return RunCommand.SCENARIOS.keySet().stream()
        .filter(s -> !s.equals("agent") && !s.equals("resume"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void runsAtTinySizeAndWritesAPassingReport(String scenario) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = LoadtestMain.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));

    int exit =
        cmd.execute(
            "run",
            "--scenario",
            scenario,
            "--store",
            "sqlite",
            "--count",
            "20",
            "--seed",
            "7",
            "--smoke",
            "--reports",
            reports.toString(),
            "--latency-ms",
            "1-5",
            "--throttle",
            "0.02",
            "--rates",
            "600",
            "--phase-seconds",
            "2");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    Path report = reports.resolve(scenario + "-sqlite-20.md");
    assertThat(report).isRegularFile();
    assertThat(Files.readString(report, StandardCharsets.UTF_8))
        .startsWith("# " + scenario + " on sqlite")
        .doesNotContain("FAILED");
  }
}
