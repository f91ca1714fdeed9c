package dev.forja.cli.client;

import static dev.forja.cli.client.AgentFixture.file;
import static dev.forja.cli.client.AgentFixture.json;
import static dev.forja.cli.client.AgentFixture.queues;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forja destroy} against a real agent over the simulator. */
class DestroyCommandTest {
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

  private String applied(String stack) throws Exception {
    String forma = file(dir, stack + ".json", queues(stack));
    CliRun apply = agent.forja("apply", "--yes", "--watch", forma);
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(agent.api("/resources?query=stack:" + stack)).hasSize(2);
    return forma;
  }

  @Test
  void yesAndWatchDeleteWhatTheFormaDeclares() throws Exception {
    String forma = applied("gone");

    CliRun run = agent.forja("destroy", "--yes", "--watch", forma);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Success  delete  gone/jobs")
        .contains("Success  delete  gone/dlq")
        .contains("ended Success: 2 succeeded of 2");
    assertThat(agent.api("/resources?query=stack:gone")).isEmpty();
  }

  @Test
  void aQueryDeletesTheManagedResourcesItMatches() throws Exception {
    applied("queried");

    CliRun simulate = agent.forja("destroy", "--simulate", "--query", "stack:queried");
    CliRun run = agent.forja("destroy", "--yes", "--watch", "--query", "stack:queried");

    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    assertThat(simulate.out())
        .startsWith("Plan: 0 to create, 0 to update, 0 to replace, 2 to delete.")
        .contains("- delete");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(agent.api("/resources?query=stack:queried")).isEmpty();
  }

  @Test
  void withYesAloneItPrintsTheAcceptedCommand() throws Exception {
    String forma = applied("accepted");

    CliRun run = agent.forja("destroy", "--yes", forma);

    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = json(run.out()).get("CommandId").asText();
    assertThat(json(run.out()).get("ChangesRequired").asBoolean()).isTrue();
    agent.awaitEnd(id);
    assertThat(agent.api("/resources?query=stack:accepted")).isEmpty();
  }

  @Test
  void refusesWithoutYesWhenThereIsNoTerminal() throws Exception {
    String forma = applied("kept");

    CliRun run = agent.forja(FakeTerminal.none()::install, "destroy", forma);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("refusing to destroy").contains("--yes");
    assertThat(agent.api("/resources?query=stack:kept")).hasSize(2);
  }

  @Test
  void dependentsOutsideTheDestroyRefuseItUnlessCascaded() throws Exception {
    applied("base");
    String user =
        file(
            dir,
            "user.json",
            """
            {"Stacks": [{"Label": "user"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
             "Resources": [{"Label": "consumer", "Type": "AWS::SQS::Queue",
               "Properties": {"QueueName": "user-consumer", "RedrivePolicy": {"maxReceiveCount": 3,
                 "deadLetterTargetArn": {"$res": true, "$stack": "base", "$label": "dlq",
                                         "$type": "AWS::SQS::Queue", "$property": "Arn"}}}}]}
            """);
    CliRun apply = agent.forja("apply", "--yes", "--watch", user);
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();

    CliRun refused = agent.forja("destroy", "--yes", "--query", "stack:base");
    CliRun cascaded =
        agent.forja(
            "destroy", "--yes", "--watch", "--on-dependents", "cascade", "--query", "stack:base");

    assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
    assertThat(refused.err()).contains("409").contains("user/consumer");
    assertThat(cascaded.exitCode()).as(cascaded.out() + cascaded.err()).isZero();
    assertThat(cascaded.out()).contains("delete  user/consumer");
    assertThat(agent.api("/resources?query=stack:user")).isEmpty();
    assertThat(agent.api("/resources?query=stack:base")).isEmpty();
  }

  @Test
  void needsAFormaOrAQueryButNotBoth() throws Exception {
    String forma = file(dir, "both.json", queues("both"));

    CliRun neither = agent.forja("destroy", "--yes");
    CliRun both = agent.forja("destroy", "--yes", "--query", "stack:both", forma);
    CliRun badChoice = agent.forja("destroy", "--on-dependents", "maybe", forma);

    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("FILE or --query");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(badChoice.exitCode()).isEqualTo(2);
    assertThat(badChoice.err()).contains("abort or cascade");
  }
}
