package dev.forja.cli.client;

import static dev.forja.cli.client.AgentFixture.file;
import static dev.forja.cli.client.AgentFixture.json;
import static dev.forja.cli.client.AgentFixture.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.CliRun;
import dev.forja.engine.command.CommandState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forja cancel}: the simulator's gate holds every mutation, so that a command is still
 * running when it is canceled.
 */
class CancelCommandTest {
  private static AgentFixture agent;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    agent = AgentFixture.start();
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @AfterEach
  void openTheGate() {
    agent.cloud.gate(true);
  }

  /** An accepted apply whose creates the closed gate holds. */
  private String held(String stack) throws Exception {
    agent.cloud.gate(false);
    CliRun run = agent.forja("apply", "--yes", file(dir, stack + ".json", queues(stack)));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return json(run.out()).get("CommandId").asText();
  }

  /** Waits until the command has sent a plugin call, which the closed gate holds. */
  private static void awaitInFlight(String id) throws Exception {
    long deadline = System.nanoTime() + AgentFixture.PATIENCE.toNanos();
    while (agent.api("/commands/" + id).at("/Counts/InProgress").asInt() == 0) {
      assertThat(System.nanoTime()).as("an update of %s in flight", id).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void cancelsARunningCommandWhichThenEndsCanceled() throws Exception {
    String id = held("canceled");
    awaitInFlight(id);

    CliRun cancel = agent.forja("cancel", id);

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).startsWith("Command " + id + " is Cancel");
    agent.cloud.gate(true);
    CliRun watch = agent.forja(FakeTerminal.none()::install, "status", "--watch", id);
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(1);
    assertThat(watch.out()).contains("ended Canceled").contains("1 canceled");
    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.CANCELED);
  }

  @Test
  void withoutAnIdCancelsTheLatestRunningCommand() throws Exception {
    String id = held("latest");

    CliRun cancel = agent.forja("cancel", "-o", "json");

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    JsonNode reply = json(cancel.out());
    assertThat(reply.get("CommandId").asText()).isEqualTo(id);
    assertThat(reply.get("State").asText()).startsWith("Cancel");
    agent.cloud.gate(true);
    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.CANCELED);
  }

  @Test
  void anEndedCommandCannotBeCanceled() throws Exception {
    String id = held("ended");
    agent.cloud.gate(true);
    agent.awaitEnd(id);

    CliRun again = agent.forja("cancel", id);
    CliRun none = agent.forja("cancel");
    CliRun unknown = agent.forja("cancel", "nope");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("409");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("no command is running");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("404");
  }
}
