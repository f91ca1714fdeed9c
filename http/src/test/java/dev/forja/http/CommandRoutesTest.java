package dev.forja.http;

import static dev.forja.http.TestAgent.json;
import static dev.forja.http.TestAgent.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.CommandState;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/commands}: submit, status, listing and cancel, with their errors. */
@ExtendWith(LogCapturingExtension.class)
class CommandRoutesTest {
  private final TestAgent agent = new TestAgent();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void anAcceptedApplyAnswers202ThenItsStatusHasTheDocumentedShape() {
    TestRouteResult r = agent.post("/api/v1/commands", queues("shape", "reconcile"));

    r.assertStatusCode(202).assertMediaType("application/json");
    JsonNode accepted = json(r);
    assertThat(accepted.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(accepted.at("/Changeset/Counts/create").asInt()).isEqualTo(2);
    String id = accepted.get("CommandId").asText();
    agent.awaitEnd(id);

    JsonNode status = json(agent.get("/api/v1/commands/" + id).assertStatusCode(200));
    assertThat(fieldNames(status))
        .containsExactly(
            "CommandId",
            "Command",
            "Mode",
            "State",
            "StartTs",
            "EndTs",
            "Counts",
            "ResourceUpdates");
    assertThat(status.get("Command").asText()).isEqualTo("apply");
    assertThat(status.get("Mode").asText()).isEqualTo("reconcile");
    assertThat(status.get("State").asText()).isEqualTo("Success");
    assertThat(fieldNames(status.get("Counts")))
        .containsExactly(
            "NotStarted", "Pending", "InProgress", "Success", "Failed", "Rejected", "Canceled");
    assertThat(status.at("/Counts/Success").asInt()).isEqualTo(2);
    JsonNode update = status.at("/ResourceUpdates/0");
    assertThat(fieldNames(update))
        .containsExactly(
            "Ksuid",
            "Stack",
            "Label",
            "Type",
            "Operation",
            "State",
            "Attempts",
            "NativeID",
            "ErrorCode",
            "Message");
    assertThat(update.get("Operation").asText()).isEqualTo("create");
    assertThat(update.get("NativeID").isNull()).isFalse();
    assertThat(update.get("ErrorCode").isNull()).isTrue();
  }

  @Test
  void aSimulationAnswersThePlanAndRecordsNothing() {
    String body =
        queues("sim", "reconcile").replace("\"apply\",", "\"apply\", \"Simulate\": true,");

    JsonNode r = json(agent.post("/api/v1/commands", body).assertStatusCode(202));

    assertThat(r.get("CommandId").isNull()).isTrue();
    assertThat(r.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(r.at("/Changeset/Levels").size()).isEqualTo(2);
    assertThat(json(agent.get("/api/v1/commands")).size()).isZero();
  }

  @Test
  void anApplyThatChangesNothingAnswersNoCommandAndAnEmptyChangeset() {
    agent.awaitEnd(agent.accepted(queues("same", "patch")));

    TestRouteResult again = agent.post("/api/v1/commands", queues("same", "patch"));

    again
        .assertStatusCode(202)
        .assertEntity("{\"CommandId\":null,\"ChangesRequired\":false,\"Changeset\":[]}");
    assertThat(json(agent.get("/api/v1/commands")).size()).isEqualTo(1);
  }

  @Test
  void anInvalidSubmitNamesEveryErrorWithItsFieldAndLine() {
    String body =
        """
        {"Command": "apply", "Mode": "sideways", "Colour": 1,
         "Forma": {"Stacks": [{"Label": "bad"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
          "Resources": [
           {"Label": "q", "Type": "AWS::SQS::Nope", "Properties": {}},
           {"Label": "r", "Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy":
             {"deadLetterTargetArn": {"$res": true, "$label": "missing", "$property": "Arn"}}}}]}}
        """;

    TestRouteResult r = agent.post("/api/v1/commands", body);

    r.assertStatusCode(400).assertMediaType("application/problem+json");
    JsonNode problem = json(r);
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).contains("/Mode", "/Colour");
    assertThat(fields).anyMatch(f -> f.startsWith("/Forma/Resources/0"));
    assertThat(fields).anyMatch(f -> f.startsWith("/Forma/Resources/1"));
    JsonNode badType = errorAt(problem, "/Forma/Resources/0/Type");
    assertThat(badType.get("line").asInt()).isEqualTo(lineOf(body, "AWS::SQS::Nope"));
    assertThat(badType.get("message").asText()).contains("AWS::SQS::Nope");
    assertThat(errorAt(problem, "/Mode").get("line").asInt()).isEqualTo(1);
    assertThat(json(agent.get("/api/v1/commands")).size()).isZero();
  }

  @Test
  void malformedJsonIs400NamingWhereNever500() {
    TestRouteResult r = agent.post("/api/v1/commands", "{\"Command\": \"apply\",\n \"Forma\": {");

    r.assertStatusCode(400).assertMediaType("application/problem+json");
    JsonNode problem = json(r);
    assertThat(problem.get("detail").asText()).contains("malformed JSON");
    assertThat(problem.at("/errors/0/line").asInt()).isEqualTo(2);
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    TestRouteResult r =
        agent.route.run(
            org.apache.pekko.http.javadsl.model.HttpRequest.POST("/api/v1/commands")
                .withEntity("Command=apply"));

    r.assertStatusCode(415).assertMediaType("application/problem+json");
  }

  @Test
  void aSubmitTouchingResourcesOfACommandInFlightIs409NamingIt() {
    agent.cloud.gate(false);
    try {
      String first = agent.accepted(queues("busy", "patch"));

      TestRouteResult r = agent.post("/api/v1/commands", queues("busy", "reconcile"));

      r.assertStatusCode(409).assertMediaType("application/problem+json");
      JsonNode problem = json(r);
      assertThat(problem.get("commandId").asText()).isEqualTo(first);
      assertThat(problem.get("detail").asText()).contains(first);
      assertThat(problem.get("resources").toString()).contains("busy/dlq", "busy/jobs");
    } finally {
      agent.cloud.gate(true);
    }
  }

  @Test
  void cancelAnswers202Canceling404Unknown409AlreadyEnded() {
    agent.cloud.gate(false);
    String id;
    try {
      id = agent.accepted(queues("cancel", "patch"));
      JsonNode r = json(agent.post("/api/v1/commands/" + id + "/cancel", "").assertStatusCode(202));
      assertThat(r.get("CommandId").asText()).isEqualTo(id);
      assertThat(r.get("State").asText()).isIn("Canceling", "Canceled");
    } finally {
      agent.cloud.gate(true);
    }
    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.CANCELED);

    agent.post("/api/v1/commands/" + id + "/cancel", "").assertStatusCode(409);
    TestRouteResult unknown = agent.post("/api/v1/commands/nosuchcommand/cancel", "");
    unknown.assertStatusCode(404).assertMediaType("application/problem+json");
    assertThat(json(unknown).get("detail").asText()).contains("nosuchcommand");
  }

  @Test
  void anUnknownCommandIs404() {
    TestRouteResult r = agent.get("/api/v1/commands/nosuchcommand");

    r.assertStatusCode(404).assertMediaType("application/problem+json");
    assertThat(json(r).get("detail").asText()).isEqualTo("no command nosuchcommand");
  }

  @Test
  void theListingIsNewestFirstWithoutUpdatesAndTakesLimitAndQuery() {
    String a = agent.accepted(queues("one", "patch"));
    agent.awaitEnd(a);
    String b = agent.accepted(queues("two", "patch"));
    agent.awaitEnd(b);

    JsonNode all = json(agent.get("/api/v1/commands").assertStatusCode(200));
    assertThat(all.size()).isEqualTo(2);
    assertThat(all.get(0).get("CommandId").asText()).isEqualTo(b);
    assertThat(all.get(0).has("ResourceUpdates")).isFalse();
    assertThat(all.get(0).at("/Counts/Success").asInt()).isEqualTo(2);
    JsonNode one = json(agent.get("/api/v1/commands?limit=1"));
    assertThat(one.size()).isEqualTo(1);
    JsonNode byStack = json(agent.get("/api/v1/commands?query=stack:one%20state:Success"));
    assertThat(byStack.size()).isEqualTo(1);
    assertThat(byStack.get(0).get("CommandId").asText()).isEqualTo(a);

    agent.get("/api/v1/commands?limit=0").assertStatusCode(400);
    TestRouteResult bad = agent.get("/api/v1/commands?query=colour:red");
    bad.assertStatusCode(400);
    assertThat(json(bad).at("/errors/0/field").asText()).isEqualTo("query");
  }

  @Test
  void aDestroyByQueryDeletesTheMatchingManagedResources() {
    agent.awaitEnd(agent.accepted(queues("gone", "patch")));

    String id = agent.accepted("{\"Command\": \"destroy\", \"Query\": \"stack:gone\"}");

    assertThat(agent.awaitEnd(id).state()).isEqualTo(CommandState.SUCCESS);
    assertThat(json(agent.get("/api/v1/resources?query=stack:gone")).size()).isZero();
  }

  @Test
  void aDestroyThatWouldStrandManagedDependentsIs409NamingThem() {
    agent.awaitEnd(agent.accepted(queues("dep", "patch")));

    TestRouteResult r =
        agent.post(
            "/api/v1/commands", "{\"Command\": \"destroy\", \"Query\": \"stack:dep label:dlq\"}");

    r.assertStatusCode(409).assertMediaType("application/problem+json");
    JsonNode problem = json(r);
    assertThat(problem.get("resources").toString()).contains("dep/jobs");
    assertThat(problem.get("detail").asText()).contains("cascade");
  }

  private static JsonNode errorAt(JsonNode problem, String field) {
    for (JsonNode e : problem.get("errors")) {
      if (field.equals(e.path("field").asText())) {
        return e;
      }
    }
    throw new AssertionError("no error at " + field + " in " + problem);
  }

  /** The 1-based line of {@code body} where {@code text} first appears. */
  private static int lineOf(String body, String text) {
    String before = body.substring(0, body.indexOf(text));
    return (int) before.chars().filter(c -> c == '\n').count() + 1;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
