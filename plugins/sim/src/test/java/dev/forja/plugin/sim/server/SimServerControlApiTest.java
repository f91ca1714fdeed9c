package dev.forja.plugin.sim.server;

import static dev.forja.plugin.sim.server.ServerClients.cloudControl;
import static dev.forja.plugin.sim.server.ServerClients.delete;
import static dev.forja.plugin.sim.server.ServerClients.get;
import static dev.forja.plugin.sim.server.ServerClients.json;
import static dev.forja.plugin.sim.server.ServerClients.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API under /_sim/, as INTERFACES.md ("The simulator server") defines it. */
class SimServerControlApiTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";

  private SimServer server;

  @BeforeEach
  void start() {
    server = SimServer.start(SimCloud.inMemory(SimSettings.IDEAL));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String oobCreate(String name) {
    HttpResponse<String> created =
        post(
            server,
            "/_sim/oob",
            "{\"Action\": \"create\", \"TypeName\": \""
                + LOG_GROUP
                + "\", \"Properties\":"
                + " {\"LogGroupName\": \""
                + name
                + "\", \"RetentionInDays\": 7}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return json(created).get("Identifier").asText();
  }

  private JsonNode resources() {
    HttpResponse<String> response = get(server, "/_sim/resources");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return json(response);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String naming) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("title").asText() + " " + problem.get("detail").asText())
        .contains(naming);
  }

  private HttpResponse<String> getLogGroup(String id) {
    return cloudControl(
        server,
        "GetResource",
        "{\"TypeName\": \"" + LOG_GROUP + "\", \"Identifier\": \"" + id + "\"}");
  }

  @Test
  void resourcesListsEveryResourceWithItsPropertiesAsAnObject() {
    String id = oobCreate("listed");

    JsonNode all = resources();

    assertThat(all.isArray()).isTrue();
    assertThat(all).hasSize(1);
    JsonNode resource = all.get(0);
    assertThat(resource.get("TypeName").asText()).isEqualTo(LOG_GROUP);
    assertThat(resource.get("Identifier").asText()).isEqualTo(id);
    assertThat(resource.get("Properties").isObject()).isTrue();
    assertThat(resource.at("/Properties/LogGroupName").asText()).isEqualTo("listed");
  }

  @Test
  void oplogListsOperationsInOrderWithTheirClientTokens() {
    cloudControl(
        server,
        "CreateResource",
        "{\"TypeName\": \""
            + LOG_GROUP
            + "\", \"DesiredState\": \"{\\\"LogGroupName\\\": \\\"logged\\\"}\","
            + " \"ClientToken\": \"token-1\"}");
    getLogGroup("logged");

    HttpResponse<String> response = get(server, "/_sim/oplog");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode log = json(response);
    assertThat(log.size()).isGreaterThanOrEqualTo(2);
    JsonNode create = log.get(0);
    assertThat(create.get("Op").asText()).isEqualTo("Create");
    assertThat(create.get("TypeName").asText()).isEqualTo(LOG_GROUP);
    assertThat(create.get("ClientToken").asText()).isEqualTo("token-1");
    assertThat(Instant.parse(create.get("Ts").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(log.get(log.size() - 1).get("Op").asText()).isEqualTo("Read");
  }

  @Test
  void configSetsFaultRates() {
    String id = oobCreate("throttled");

    HttpResponse<String> configured =
        post(
            server,
            "/_sim/config",
            "{\"LatencyMs\": {\"Min\": 0, \"Max\": 0}, \"ThrottleRate\": 1, \"ErrorRate\": 0}");
    assertThat(configured.statusCode()).as(configured.body()).isEqualTo(204);
    assertThat(getLogGroup(id).headers().firstValue("x-amzn-ErrorType"))
        .hasValue("ThrottlingException");

    assertThat(post(server, "/_sim/config", "{\"ThrottleRate\": 0}").statusCode()).isEqualTo(204);
    assertThat(getLogGroup(id).statusCode()).isEqualTo(200);
  }

  @Test
  void configChangesOnlyTheFieldsItNames() {
    post(
        server, "/_sim/config", "{\"LatencyMs\": {\"Min\": 10, \"Max\": 20}, \"ErrorRate\": 0.25}");

    assertThat(post(server, "/_sim/config", "{\"ThrottleRate\": 0.5}").statusCode()).isEqualTo(204);

    assertThat(server.cloud().settings())
        .isEqualTo(new SimSettings(Duration.ofMillis(10), Duration.ofMillis(20), 0.5, 0.25));
  }

  @Test
  void badConfigIsA400ProblemNamingTheField() {
    assertProblem(post(server, "/_sim/config", "{\"LatencyMs\": \"abc\"}"), 400, "LatencyMs");
    assertProblem(
        post(server, "/_sim/config", "{\"LatencyMs\": {\"Min\": 50, \"Max\": 10}}"),
        400,
        "LatencyMs");
    assertProblem(
        post(server, "/_sim/config", "{\"LatencyMs\": {\"Min\": -1, \"Max\": 10}}"), 400, "Min");
    assertProblem(post(server, "/_sim/config", "{\"ThrottleRate\": 1.5}"), 400, "ThrottleRate");
    assertProblem(post(server, "/_sim/config", "{\"ErrorRate\": \"often\"}"), 400, "ErrorRate");
    assertProblem(post(server, "/_sim/config", "{\"ThrottlingRate\": 0.1}"), 400, "ThrottlingRate");
    assertProblem(post(server, "/_sim/config", "not json"), 400, "JSON");
    assertProblem(post(server, "/_sim/config", ""), 400, "body");
  }

  @Test
  void aClosedGateHoldsMutationsUntilOpened() {
    assertThat(post(server, "/_sim/gate", "{\"Open\": false}").statusCode()).isEqualTo(204);
    JsonNode started =
        json(
            cloudControl(
                server,
                "CreateResource",
                "{\"TypeName\": \""
                    + LOG_GROUP
                    + "\", \"DesiredState\": \"{\\\"LogGroupName\\\": \\\"gated\\\"}\"}"));
    String status =
        "{\"RequestToken\": \"" + started.at("/ProgressEvent/RequestToken").asText() + "\"}";
    assertThat(
            json(cloudControl(server, "GetResourceRequestStatus", status))
                .at("/ProgressEvent/OperationStatus")
                .asText())
        .isEqualTo("IN_PROGRESS");

    assertThat(post(server, "/_sim/gate", "{\"Open\": true}").statusCode()).isEqualTo(204);

    assertThat(
            json(cloudControl(server, "GetResourceRequestStatus", status))
                .at("/ProgressEvent/OperationStatus")
                .asText())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aGateWithoutABooleanIsA400() {
    assertProblem(post(server, "/_sim/gate", "{\"Open\": \"yes\"}"), 400, "Open");
    assertProblem(post(server, "/_sim/gate", "{}"), 400, "Open");
  }

  @Test
  void rulesFailTheNextMatchingCallsAndDeleteClearsThem() {
    String id = oobCreate("ruled");
    HttpResponse<String> added =
        post(
            server,
            "/_sim/rules",
            "{\"Op\": \"Read\", \"TypeName\": \""
                + LOG_GROUP
                + "\", \"Name\": \"ruled\", \"ErrorCode\": \"ThrottlingException\", \"Count\": 5}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
    assertThat(getLogGroup(id).statusCode()).isEqualTo(400);

    assertThat(delete(server, "/_sim/rules").statusCode()).isEqualTo(204);

    assertThat(getLogGroup(id).statusCode()).isEqualTo(200);
  }

  @Test
  void aBadRuleIsA400NamingTheField() {
    assertProblem(
        post(server, "/_sim/rules", "{\"Op\": \"Explode\", \"ErrorCode\": \"AccessDenied\"}"),
        400,
        "Op");
    assertProblem(post(server, "/_sim/rules", "{\"Op\": \"Create\"}"), 400, "ErrorCode");
    assertProblem(
        post(
            server,
            "/_sim/rules",
            "{\"Op\": \"Create\", \"ErrorCode\": \"AccessDenied\", \"Count\": 0}"),
        400,
        "Count");
  }

  @Test
  void outOfBandUpdateMergesAndDeleteRemoves() {
    String id = oobCreate("drifted");

    HttpResponse<String> updated =
        post(
            server,
            "/_sim/oob",
            "{\"Action\": \"update\", \"TypeName\": \""
                + LOG_GROUP
                + "\", \"Identifier\": \""
                + id
                + "\", \"Properties\": {\"RetentionInDays\": 30}}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    JsonNode properties = resources().get(0).get("Properties");
    assertThat(properties.get("RetentionInDays").asInt()).isEqualTo(30);
    assertThat(properties.get("LogGroupName").asText()).isEqualTo("drifted");

    HttpResponse<String> deleted =
        post(
            server,
            "/_sim/oob",
            "{\"Action\": \"delete\", \"TypeName\": \""
                + LOG_GROUP
                + "\", \"Identifier\": \""
                + id
                + "\"}");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(resources()).isEmpty();
  }

  @Test
  void badOutOfBandChangesAreProblems() {
    assertProblem(
        post(server, "/_sim/oob", "{\"Action\": \"rename\", \"TypeName\": \"" + LOG_GROUP + "\"}"),
        400,
        "Action");
    assertProblem(
        post(server, "/_sim/oob", "{\"Action\": \"delete\", \"TypeName\": \"" + LOG_GROUP + "\"}"),
        400,
        "Identifier");
    assertProblem(
        post(
            server,
            "/_sim/oob",
            "{\"Action\": \"update\", \"TypeName\": \""
                + LOG_GROUP
                + "\", \"Identifier\": \"absent\", \"Properties\": {\"RetentionInDays\": 1}}"),
        404,
        "ResourceNotFoundException");
  }

  @Test
  void resetForgetsEverything() {
    oobCreate("forgotten");
    getLogGroup("forgotten");

    assertThat(post(server, "/_sim/reset", "").statusCode()).isEqualTo(204);

    assertThat(resources()).isEmpty();
    assertThat(json(get(server, "/_sim/oplog"))).isEmpty();
  }

  @Test
  void anUnknownCallIs404AndAWrongMethodIs405() {
    assertProblem(get(server, "/_sim/everything"), 404, "/_sim/everything");
    HttpResponse<String> wrong = get(server, "/_sim/reset");
    assertProblem(wrong, 405, "POST");
    assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
  }
}
