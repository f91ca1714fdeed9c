package dev.forja.cli.client;

import static dev.forja.cli.client.AgentFixture.file;
import static dev.forja.cli.client.AgentFixture.json;
import static dev.forja.cli.client.AgentFixture.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.forja.cli.CliRun;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.FormaWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status}, {@code commands}, {@code inventory} and {@code extract}: {@code -o json} prints
 * the API's body, the table is for people.
 */
class ReadVerbsTest {
  private static AgentFixture agent;
  private static String first;
  private static String second;

  @TempDir Path dir;

  @BeforeAll
  static void start(@TempDir Path formas) throws Exception {
    agent = AgentFixture.start();
    first = applied(formas, "reads");
    second = applied(formas, "more");
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  private static String applied(Path dir, String stack) throws Exception {
    CliRun run = agent.forja("apply", "--yes", file(dir, stack + ".json", queues(stack)));
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = json(run.out()).get("CommandId").asText();
    agent.awaitEnd(id);
    return id;
  }

  @Test
  void statusJsonIsTheApiBody() throws Exception {
    CliRun run = agent.forja("status", "-o", "json", first);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run.out())).isEqualTo(agent.api("/commands/" + first));
  }

  @Test
  void statusWithoutAnIdShowsTheLatestCommand() throws Exception {
    CliRun run = agent.forja("status", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run.out()).get("CommandId").asText()).isEqualTo(second);
  }

  @Test
  void statusTableShowsTheStateCountsAndEachUpdate() {
    CliRun run = agent.forja("status", first);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Command  " + first)
        .contains("Kind     apply (reconcile)")
        .contains("State    Success")
        .contains("Updates  Success 2 of 2")
        .containsPattern("RESOURCE +TYPE +OPERATION +STATE")
        .containsPattern("reads/dlq +AWS::SQS::Queue +create +Success +1");
  }

  @Test
  void statusWatchOfAnEndedCommandPrintsTheSummary() {
    CliRun run = agent.forja(FakeTerminal.none()::install, "status", "--watch", first);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Command " + first + " ended Success: 2 succeeded of 2");
  }

  @Test
  void statusOfAnUnknownCommandExitsTwo() {
    CliRun run = agent.forja("status", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("404");
  }

  @Test
  void commandsJsonIsTheApiBodyNewestFirst() throws Exception {
    CliRun run = agent.forja("commands", "--limit", "5", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode list = json(run.out());
    assertThat(list).isEqualTo(agent.api("/commands?limit=5"));
    assertThat(list.get(0).get("CommandId").asText()).isEqualTo(second);
    assertThat(list.get(1).get("CommandId").asText()).isEqualTo(first);
  }

  @Test
  void commandsTableHasOneRowPerCommand() {
    CliRun run = agent.forja("commands");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("ID")
        .containsPattern(second + " +apply +reconcile +Success")
        .contains("Success 2 of 2");
  }

  @Test
  void inventoryJsonIsTheApiBody() throws Exception {
    CliRun run = agent.forja("inventory", "--query", "stack:reads", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode resources = json(run.out());
    assertThat(resources).isEqualTo(agent.api("/resources?query=stack:reads"));
    assertThat(resources).hasSize(2);
  }

  @Test
  void inventoryYamlAndTableShowTheSameResources() throws Exception {
    CliRun yaml = agent.forja("inventory", "--query", "stack:more", "-o", "yaml");
    CliRun table = agent.forja("inventory", "--query", "stack:more");

    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(new YAMLMapper().readTree(yaml.out()))
        .isEqualTo(agent.api("/resources?query=stack:more"));
    assertThat(table.out())
        .startsWith("RESOURCE")
        .containsPattern("more/dlq +AWS::SQS::Queue +sim +\\S+ +yes")
        .contains("more/jobs");
  }

  @Test
  void anInvalidQueryExitsTwoWithTheAgentsReason() {
    CliRun run = agent.forja("inventory", "--query", "colour:blue");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("400").contains("colour");
  }

  @Test
  void extractWritesTheAgentsFormaAsJsonYamlOrPkl() throws Exception {
    JsonNode body = agent.api("/resources/extract?query=stack:reads");

    CliRun json = agent.forja("extract", "--query", "stack:reads");
    CliRun yaml = agent.forja("extract", "--query", "stack:reads", "-o", "yaml");
    CliRun pkl = agent.forja("extract", "--query", "stack:reads", "-o", "pkl");

    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json(json.out())).isEqualTo(body);
    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(body);
    assertThat(pkl.exitCode()).as(pkl.err()).isZero();
    assertThat(pkl.out()).contains("amends \"forja:/Forma.pkl\"");
    FormaReader reader = FormaReader.standalone();
    var fromPkl = reader.read(Path.of(file(dir, "extracted.pkl", pkl.out())));
    var fromJson = reader.readTree(body, "extract");
    assertThat(fromPkl.problems()).isEmpty();
    assertThat(fromJson.problems()).isEmpty();
    assertThat(FormaWriter.toJson(fromPkl.forma())).isEqualTo(FormaWriter.toJson(fromJson.forma()));
  }
}
