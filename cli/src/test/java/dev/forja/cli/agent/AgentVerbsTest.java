package dev.forja.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.forja.cli.CliException;
import dev.forja.cli.CliRun;
import dev.forja.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent verbs in-process, through picocli's {@code execute}, on a temporary home ({@code
 * -Dforja.home}), and the agent itself started in this JVM: its pid file, its lock on the home and
 * its configuration layers. {@code AgentEndToEndTest} runs them as separate processes.
 */
class AgentVerbsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private String previousHome;

  @BeforeEach
  void useTemporaryHome() {
    previousHome = System.getProperty("forja.home");
    System.setProperty("forja.home", home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (previousHome == null) {
      System.clearProperty("forja.home");
    } else {
      System.setProperty("forja.home", previousHome);
    }
  }

  @Test
  void statusWithoutAnAgentSaysSoAndExits3() throws IOException {
    CliRun table = CliRun.of("agent", "status");
    CliRun json = CliRun.of("agent", "status", "-o", "json");

    assertThat(table.exitCode()).isEqualTo(3);
    assertThat(table.out()).contains("no agent runs on " + home.toAbsolutePath().normalize());
    assertThat(json.exitCode()).isEqualTo(3);
    JsonNode body = JSON.readTree(json.out());
    assertThat(body.path("Running").asBoolean(true)).isFalse();
    assertThat(body.has("Pid")).isFalse();
  }

  @Test
  void stopWithoutAnAgentIsNotAnError() {
    CliRun stop = CliRun.of("agent", "stop");

    assertThat(stop.exitCode()).isZero();
    assertThat(stop.out()).contains("no agent runs on");
  }

  @Test
  void stopRemovesAStalePidFile() throws Exception {
    long gone = deadPid();
    new AgentPidFile(gone, 1, "http://127.0.0.1:1", "2020-01-01T00:00:00Z")
        .write(home.resolve("agent.pid"));

    CliRun stop = CliRun.of("agent", "stop");

    assertThat(stop.exitCode()).isZero();
    assertThat(stop.out()).contains("removed the stale pid file of pid " + gone);
    assertThat(home.resolve("agent.pid")).doesNotExist();
  }

  @Test
  void aRunningAgentWritesItsPidFileHoldsItsHomeAndReportsItsStatus() throws IOException {
    AgentHome agentHome = new AgentHome(home);
    try (AgentProcess agent = AgentProcess.start(agentHome, Optional.empty(), OptionalInt.of(0))) {
      AgentPidFile pidFile = AgentPidFile.read(agentHome.pidFile()).orElseThrow();
      assertThat(pidFile.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(pidFile.port()).isEqualTo(agent.port()).isPositive();
      assertThat(pidFile.url()).isEqualTo(agent.url()).startsWith("http://127.0.0.1:");
      assertThat(pidFile.alive()).isTrue();

      CliRun status = CliRun.of("agent", "status", "-o", "json");
      assertThat(status.exitCode()).as(status.err()).isZero();
      JsonNode body = JSON.readTree(status.out());
      assertThat(body.path("Running").asBoolean()).isTrue();
      assertThat(body.path("Healthy").asBoolean()).isTrue();
      assertThat(body.path("Url").asText()).isEqualTo(agent.url());
      assertThat(body.path("Stats").path("Store").asText()).isEqualTo("sqlite");
      assertThat(body.path("UptimeSeconds").asLong(-1)).isNotNegative();

      assertThatThrownBy(() -> AgentProcess.start(agentHome, Optional.empty(), OptionalInt.of(0)))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("another agent already runs on " + agentHome)
          .hasMessageContaining(agent.url());
    }
    assertThat(agentHome.pidFile()).doesNotExist();
  }

  @Test
  void portOptionBeatsConfigFileWhichBeatsTheHomesConfig() throws IOException {
    Files.writeString(
        home.resolve("forja.conf"),
        "forja.agent.port = 5001\nforja.engine.status.check-interval = 1s\n");
    Path extra = Files.writeString(home.resolve("extra.conf"), "forja.agent.port = 5002\n");
    AgentHome agentHome = new AgentHome(home);

    Config homeOnly = AgentProcess.config(agentHome, Optional.empty(), OptionalInt.empty());
    Config withFile = AgentProcess.config(agentHome, Optional.of(extra), OptionalInt.empty());
    Config withPort = AgentProcess.config(agentHome, Optional.of(extra), OptionalInt.of(5003));

    assertThat(homeOnly.getInt("forja.agent.port")).isEqualTo(5001);
    assertThat(homeOnly.getString("forja.engine.status.check-interval")).isEqualTo("1s");
    assertThat(homeOnly.getString("forja.home")).isEqualTo(home.toString());
    assertThat(withFile.getInt("forja.agent.port")).isEqualTo(5002);
    assertThat(withFile.getString("forja.engine.status.check-interval")).isEqualTo("1s");
    assertThat(withPort.getInt("forja.agent.port")).isEqualTo(5003);
  }

  @Test
  void aConfigFileThatIsNotHoconIsInvalidInputNamingIt() throws IOException {
    Path bad = Files.writeString(home.resolve("bad.conf"), "forja { agent.port = \n");

    assertThatThrownBy(
            () -> AgentProcess.config(new AgentHome(home), Optional.of(bad), OptionalInt.empty()))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("--config " + bad)
        .hasMessageContaining("not valid HOCON");
  }

  @Test
  void anAgentOnEveryAddressWithoutATokenIsRefusedBeforeItStarts() throws IOException {
    Files.writeString(home.resolve("forja.conf"), "forja.agent.host = \"0.0.0.0\"\n");

    assertThatThrownBy(
            () -> AgentProcess.start(new AgentHome(home), Optional.empty(), OptionalInt.of(0)))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("without a token");
    assertThat(home.resolve("agent.pid")).doesNotExist();
    assertThat(home.resolve("data")).doesNotExist();
  }

  @Test
  void startRefusesAMissingConfigFileAndABadPort() {
    CliRun missing =
        CliRun.of("agent", "start", "--config", home.resolve("missing.conf").toString());
    CliRun port = CliRun.of("agent", "start", "--port", "70000");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("missing.conf: no such readable file");
    assertThat(port.exitCode()).isEqualTo(2);
    assertThat(port.err()).contains("--port 70000");
    assertThat(home.resolve("agent.pid")).doesNotExist();
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    return p.pid();
  }
}
