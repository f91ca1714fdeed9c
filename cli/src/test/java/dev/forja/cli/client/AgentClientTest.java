package dev.forja.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.cli.CliException;
import dev.forja.cli.CliRun;
import dev.forja.cli.ExitCode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding the agent, and what the verbs say when it is not there or turns them away. */
class AgentClientTest {
  /** A local port nothing listens on: bound to learn a free one, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theAgentComesFromTheOptionElseTheEnvironmentElseTheDefault() {
    Map<String, String> env = Map.of(AgentClient.URL_VARIABLE, "http://10.0.0.7:1234/");

    assertThat(AgentClient.resolve("http://h:1", null, env).url()).hasToString("http://h:1");
    assertThat(AgentClient.resolve(null, null, env).url()).hasToString("http://10.0.0.7:1234");
    assertThat(AgentClient.resolve(null, null, Map.of()).url())
        .hasToString(AgentClient.DEFAULT_URL);
  }

  @Test
  void aUrlThatIsNotHttpIsInvalidInput() {
    assertThatThrownBy(() -> AgentClient.of("ftp://x", Optional.empty()))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("ftp://x");
  }

  @Test
  void everyVerbExitsThreeNamingTheUrlWhenNoAgentAnswers() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();
    List<List<String>> runs =
        List.of(
            List.of("status", "--agent", url, "x"),
            List.of("status", "--agent", url),
            List.of("commands", "--agent", url),
            List.of("cancel", "--agent", url),
            List.of("inventory", "--agent", url),
            List.of("extract", "--agent", url),
            List.of("destroy", "--agent", url, "--yes", "--query", "stack:x"));

    for (List<String> args : runs) {
      CliRun run = CliRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(args + ": " + run.err()).isEqualTo(3);
      assertThat(run.err()).as(args.toString()).contains(url).contains("forja agent start");
    }
  }

  @Test
  void aTokenIsSentWhenTheAgentWantsOne() throws Exception {
    try (AgentFixture agent = AgentFixture.withToken("s3cret")) {
      CliRun without = agent.forja("commands");
      CliRun with = agent.forja("commands", "--token", "s3cret", "-o", "json");

      assertThat(without.exitCode()).isEqualTo(2);
      assertThat(without.err()).contains("401").contains("--token");
      assertThat(with.exitCode()).as(with.err()).isZero();
      assertThat(with.out().strip()).isEqualTo("[ ]");
    }
  }

  @Test
  void everyVerbListsItsExitCodesInItsHelp() {
    for (String verb :
        List.of("apply", "destroy", "status", "commands", "cancel", "inventory", "extract")) {
      CliRun help = CliRun.of(verb, "--help");

      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .as(verb)
          .contains("Exit codes:")
          .containsPattern("(?m)^\\s+0\\s")
          .containsPattern("(?m)^\\s+3\\s+The agent is unreachable");
    }
  }
}
