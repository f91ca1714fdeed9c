package dev.forja.cli.client;

import static dev.forja.cli.client.AgentFixture.file;
import static dev.forja.cli.client.AgentFixture.json;
import static dev.forja.cli.client.AgentFixture.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.cli.CliRun;
import dev.forja.engine.command.CommandState;
import dev.forja.plugin.sim.cloud.FailureRule;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code forja apply} against a real agent over the simulator. */
class ApplyCommandTest {
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

  private String forma(String stack) throws Exception {
    return file(dir, stack + ".json", queues(stack));
  }

  private int commandsRecorded() throws Exception {
    return agent.api("/commands?limit=1000").size();
  }

  @Test
  void withYesPrintsTheCommandIdAndWhetherItChangesAnything() throws Exception {
    String forma = forma("yes");

    CliRun first = agent.forja("apply", "--yes", forma);

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode accepted = json(first.out());
    assertThat(accepted.get("CommandId").isTextual()).as(first.out()).isTrue();
    assertThat(accepted.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(accepted.size()).isEqualTo(2);
    assertThat(agent.awaitEnd(accepted.get("CommandId").asText()).state())
        .isEqualTo(CommandState.SUCCESS);

    CliRun again = agent.forja("apply", "--yes", "-o", "json", forma);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(json(again.out()))
        .isEqualTo(json("{\"CommandId\": null, \"ChangesRequired\": false}"));
  }

  @Test
  void watchFollowsTheCommandToSuccessInPlainLines() throws Exception {
    CliRun run = agent.forja("apply", "--yes", "--watch", forma("watched"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Success  create  watched/dlq  AWS::SQS::Queue")
        .contains("[2/2] Success  create  watched/jobs  AWS::SQS::Queue")
        .containsPattern("Command \\S+ ended Success: 2 succeeded of 2 in [0-9.]+s\\.")
        .doesNotContain("\u001b[");
    assertThat(agent.api("/resources?query=stack:watched")).hasSize(2);
  }

  @Test
  void watchShowsFailuresAndExitsOneWhenTheCommandFails() throws Exception {
    agent.cloud.addRule(
        new FailureRule("Create", "AWS::SQS::Queue", "failing-dlq", "AccessDenied", 1));

    CliRun run = agent.forja("apply", "--yes", "--watch", forma("failing"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("Failed   create  failing/dlq  AWS::SQS::Queue  AccessDenied")
        .contains("failing/jobs")
        .contains("DependencyFailed")
        .containsPattern("ended Failed: 0 succeeded, 2 failed of 2");
    String id = agent.api("/commands?limit=1").get(0).get("CommandId").asText();
    CliRun status = agent.forja("status", id);
    assertThat(status.exitCode()).as("status of a failed command").isEqualTo(1);
  }

  @Test
  void watchWithJsonPrintsTheFinalStatusAloneOnStdout() throws Exception {
    CliRun run = agent.forja("apply", "--yes", "--watch", "-o", "json", forma("scripted"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode status = json(run.out());
    assertThat(status.get("State").asText()).isEqualTo("Success");
    assertThat(status).isEqualTo(agent.api("/commands/" + status.get("CommandId").asText()));
    assertThat(run.err()).contains("ended Success");
  }

  @Test
  void simulatePrintsThePlanAndRecordsNothing() throws Exception {
    String forma = forma("simulated");
    int before = commandsRecorded();

    CliRun table = agent.forja("apply", "--simulate", forma);
    CliRun json = agent.forja("apply", "--simulate", "-o", "json", forma);

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .startsWith("Plan: 2 to create, 0 to update, 0 to replace, 0 to delete.")
        .contains("Level 1")
        .contains("+ create")
        .contains("simulated/jobs");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode reply = json(json.out());
    assertThat(reply.get("CommandId").isNull()).isTrue();
    assertThat(reply.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(reply.at("/Changeset/Counts/create").asInt()).isEqualTo(2);
    assertThat(commandsRecorded()).isEqualTo(before);
    assertThat(agent.api("/resources?query=stack:simulated")).isEmpty();
  }

  @Test
  void refusesWithoutYesWhenThereIsNoTerminal() throws Exception {
    int before = commandsRecorded();

    CliRun run = agent.forja(FakeTerminal.none()::install, "apply", forma("unasked"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no terminal").contains("--yes");
    assertThat(run.out()).isEmpty();
    assertThat(commandsRecorded()).isEqualTo(before);
  }

  @Test
  void showsThePlanAsksAndAppliesOnYes() throws Exception {
    FakeTerminal user = FakeTerminal.answering("yes");

    CliRun run = agent.forja(user::install, "apply", forma("confirmed"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(user.prompts).singleElement().asString().contains("apply these changes");
    assertThat(run.out()).startsWith("Plan: 2 to create").contains("\"CommandId\"");
    String id = json(run.out().substring(run.out().indexOf('{'))).get("CommandId").asText();
    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.SUCCESS);
  }

  @Test
  void aDeclinedConfirmationChangesNothing() throws Exception {
    int before = commandsRecorded();

    CliRun run = agent.forja(FakeTerminal.answering("no")::install, "apply", forma("declined"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("Plan: 2 to create");
    assertThat(run.err()).contains("nothing was changed");
    assertThat(commandsRecorded()).isEqualTo(before);
  }

  @Test
  void anInvalidFormaExitsTwoListingEveryError() throws Exception {
    String forma =
        file(
            dir,
            "invalid.json",
            """
            {"Stacks": [{"Label": "bad"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
             "Resources": [
               {"Label": "a", "Type": "AWS::Nope::Thing", "Properties": {}},
               {"Label": "b", "Type": "AWS::SQS::Queue",
                "Properties": {"RedrivePolicy": {"deadLetterTargetArn":
                  {"$res": true, "$label": "ghost", "$property": "Arn"}}}}]}
            """);

    CliRun run = agent.forja("apply", "--yes", forma);

    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.err())
        .contains("400")
        .contains("/Forma/Resources/0")
        .contains("AWS::Nope::Thing")
        .contains("ghost");
    assertThat(run.err().lines().filter(l -> l.startsWith("  - ")).count())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFileThatDoesNotParseExitsTwoNamingWhere() throws Exception {
    String forma = file(dir, "broken.json", "{\"Stacks\": [\n  {\"Label\": \"x\",,}\n]}");

    CliRun run = agent.forja("apply", "--yes", forma);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("broken.json").contains("not valid JSON at line 2");
  }

  @Test
  void anUnknownModeIsAUsageError() throws Exception {
    CliRun run = agent.forja("apply", "--mode", "sideways", forma("mode"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("sideways").contains("reconcile or patch");
  }
}
