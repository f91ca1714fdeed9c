package dev.forja.http;

import static dev.forja.http.TestAgent.json;
import static dev.forja.http.TestAgent.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.testing.GeneratedForma;
import dev.forja.engine.command.CommandState;
import dev.forja.http.dto.SubmitCommand;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory's routes: resources, extract, stacks, targets and stats. */
@ExtendWith(LogCapturingExtension.class)
class ResourceRoutesTest {
  private final TestAgent agent = new TestAgent();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void resourcesAnswerTheQueryWithOpaqueValuesRedacted() {
    String secret =
        """
        {"Command": "apply", "Mode": "patch", "Forma": {
          "Stacks": [{"Label": "vault"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
          "Resources": [{"Label": "db", "Type": "AWS::SecretsManager::Secret",
            "Properties": {"Name": "db-password",
              "SecretString": {"$visibility": "Opaque", "$value": "hunter2-s3cr3t"}}}]}}
        """;
    agent.awaitEnd(agent.accepted(secret));
    agent.awaitEnd(agent.accepted(queues("other", "patch")));

    TestRouteResult r = agent.get("/api/v1/resources?query=stack:vault%20managed:true");

    r.assertStatusCode(200).assertMediaType("application/json");
    assertThat(r.entityString()).doesNotContain("hunter2", "$digest");
    JsonNode list = json(r);
    assertThat(list.size()).isEqualTo(1);
    JsonNode db = list.get(0);
    assertThat(db.get("Label").asText()).isEqualTo("db");
    assertThat(db.get("Managed").asBoolean()).isTrue();
    assertThat(db.at("/Properties/SecretString").toString())
        .isEqualTo("{\"$visibility\":\"Opaque\"}");
    assertThat(db.get("NativeID").asText()).startsWith("arn:aws:secretsmanager:");
    assertThat(db.has("ReadOnlyProperties")).isTrue();
    assertThat(json(agent.get("/api/v1/resources")).size()).isEqualTo(3);
    assertThat(json(agent.get("/api/v1/resources?query=type:AWS::SQS::*")).size()).isEqualTo(2);
  }

  @Test
  void anInvalidQueryIs400NamingTheTerm() {
    TestRouteResult r = agent.get("/api/v1/resources?query=colour:blue");

    r.assertStatusCode(400).assertMediaType("application/problem+json");
    JsonNode problem = json(r);
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("query");
    assertThat(problem.get("detail").asText()).contains("colour");
    agent.get("/api/v1/resources/extract?query=managed:maybe").assertStatusCode(400);
  }

  @Test
  void anExtractAppliedAsAReconcileChangesNothing() throws Exception {
    agent.awaitEnd(agent.accepted(applyOf(GeneratedForma.json(30, 7))));

    TestRouteResult r = agent.get("/api/v1/resources/extract?query=managed:true");

    r.assertStatusCode(200);
    JsonNode forma = json(r);
    assertThat(forma.get("Resources").size()).isEqualTo(30);
    assertThat(forma.get("Targets").get(0).get("Namespace").asText()).isEqualTo("SIM");
    assertThat(r.entityString()).contains("\"$res\"").doesNotContain("\"$ref\"");
    String again =
        TestAgent.JSON.writeValueAsString(SubmitCommand.apply(forma, "reconcile", false));
    agent
        .post("/api/v1/commands", again)
        .assertStatusCode(202)
        .assertEntity("{\"CommandId\":null,\"ChangesRequired\":false,\"Changeset\":[]}");
  }

  @Test
  void stacksAndTargetsListWhatTheInventoryHolds() {
    agent.awaitEnd(agent.accepted(queues("alpha", "patch")));
    agent.awaitEnd(agent.accepted(queues("beta", "patch")));

    JsonNode stacks = json(agent.get("/api/v1/stacks").assertStatusCode(200));
    assertThat(stacks.toString())
        .isEqualTo(
            "[{\"Label\":\"alpha\",\"Resources\":2,\"Managed\":2},"
                + "{\"Label\":\"beta\",\"Resources\":2,\"Managed\":2}]");
    JsonNode targets = json(agent.get("/api/v1/targets").assertStatusCode(200));
    assertThat(targets.size()).isEqualTo(1);
    assertThat(targets.get(0).get("Label").asText()).isEqualTo("sim");
    assertThat(targets.get(0).get("Namespace").asText()).isEqualTo("SIM");
  }

  @Test
  void statsCountTheInventoryAndNameThePluginsAndTheStore() {
    String id = agent.accepted(queues("counted", "patch"));
    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.SUCCESS);

    JsonNode stats = json(agent.get("/api/v1/stats").assertStatusCode(200));

    assertThat(stats.at("/Resources/Total").asInt()).isEqualTo(2);
    assertThat(stats.at("/Resources/Managed").asInt()).isEqualTo(2);
    assertThat(stats.at("/Resources/Unmanaged").asInt()).isZero();
    assertThat(stats.get("Stacks").asInt()).isEqualTo(1);
    assertThat(stats.get("Targets").asInt()).isEqualTo(1);
    assertThat(stats.at("/Plugins/0/Namespace").asText()).isEqualTo("SIM");
    assertThat(stats.at("/Plugins/0/Types").toString()).contains("AWS::SQS::Queue");
    assertThat(stats.get("Store").asText()).isEqualTo("memory");
    assertThat(stats.get("UptimeSeconds").asLong()).isNotNegative();
    assertThat(stats.get("StartedAt").asText()).isNotEmpty();
  }

  private static String applyOf(String formaJson) {
    ObjectNode body = TestAgent.JSON.createObjectNode();
    body.put("Command", "apply");
    body.put("Mode", "reconcile");
    body.set("Forma", TestAgent.parse(formaJson));
    return body.toString();
  }
}
