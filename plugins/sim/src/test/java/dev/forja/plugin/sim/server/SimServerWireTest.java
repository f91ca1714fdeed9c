package dev.forja.plugin.sim.server;

import static dev.forja.plugin.sim.server.ServerClients.cloudControl;
import static dev.forja.plugin.sim.server.ServerClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud Control face byte for byte: what AWS JSON 1.0 clients other than the SDK see. */
class SimServerWireTest {
  private static final String CREATE_LOG_GROUP =
      "{\"TypeName\": \"AWS::Logs::LogGroup\", \"DesiredState\":"
          + " \"{\\\"LogGroupName\\\": \\\"wire\\\"}\", \"ClientToken\": \"t-1\"}";

  private SimServer server;

  @BeforeEach
  void start() {
    server = SimServer.start(SimCloud.inMemory(SimSettings.IDEAL));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static void assertAwsError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(code);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.0");
    JsonNode body = json(response);
    assertThat(body.get("__type").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Test
  void listensOnLoopbackAtAnEphemeralPort() {
    assertThat(server.port()).isPositive();
    assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + server.port());
  }

  @Test
  void aProgressEventCarriesEventTimeAsEpochSeconds() {
    HttpResponse<String> response = cloudControl(server, "CreateResource", CREATE_LOG_GROUP);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.0");
    JsonNode event = json(response).get("ProgressEvent");
    assertThat(event.get("Operation").asText()).isEqualTo("CREATE");
    assertThat(event.get("RequestToken").asText()).isNotBlank();
    JsonNode eventTime = event.get("EventTime");
    assertThat(eventTime.isNumber()).as(eventTime.toString()).isTrue();
    assertThat(eventTime.asDouble()).isCloseTo(Instant.now().toEpochMilli() / 1000.0, within(60.0));
  }

  @Test
  void anUnknownOperationIsA400UnknownOperationException() {
    HttpResponse<String> response = cloudControl(server, "DescribeEverything", "{}");

    assertAwsError(response, 400, "UnknownOperationException");
    assertThat(json(response).get("message").asText()).contains("DescribeEverything");
  }

  @Test
  void aTargetOfAnotherServiceIsA400() {
    HttpResponse<String> response = ServerClients.post(server, "/", "{}"); // no X-Amz-Target at all

    assertAwsError(response, 400, "UnknownOperationException");
    assertThat(json(response).get("message").asText()).contains("X-Amz-Target");
  }

  @Test
  void aBodyThatIsNotJsonIsA400SerializationException() {
    assertAwsError(cloudControl(server, "GetResource", "{not json"), 400, "SerializationException");
    assertAwsError(cloudControl(server, "GetResource", "[1, 2]"), 400, "SerializationException");
  }

  @Test
  void aMissingOrMistypedFieldIsA400ValidationExceptionNamingIt() {
    HttpResponse<String> missing =
        cloudControl(server, "GetResource", "{\"Identifier\": \"vpc-1\"}");
    assertAwsError(missing, 400, "ValidationException");
    assertThat(json(missing).get("message").asText()).contains("TypeName");

    HttpResponse<String> mistyped =
        cloudControl(
            server,
            "CreateResource",
            "{\"TypeName\": \"AWS::Logs::LogGroup\", \"DesiredState\": {\"LogGroupName\": \"x\"}}");
    assertAwsError(mistyped, 400, "ValidationException");
    assertThat(json(mistyped).get("message").asText()).contains("DesiredState");
  }

  @Test
  void aMissingResourceIsResourceNotFoundException() {
    HttpResponse<String> response =
        cloudControl(
            server,
            "GetResource",
            "{\"TypeName\": \"AWS::Logs::LogGroup\", \"Identifier\": \"nothing-here\"}");

    assertAwsError(response, response.statusCode(), "ResourceNotFoundException");
    assertThat(response.statusCode()).isBetween(400, 499);
  }

  @Test
  void injectedFaultsCarryAwsStatusAndCode() {
    server.cloud().addRule(new FailureRule("List", null, null, "ThrottlingException", 1));
    server.cloud().addRule(new FailureRule("List", null, null, "InternalFailure", 1));
    String list = "{\"TypeName\": \"AWS::Logs::LogGroup\"}";

    assertAwsError(cloudControl(server, "ListResources", list), 400, "ThrottlingException");
    assertAwsError(cloudControl(server, "ListResources", list), 500, "InternalFailure");
    HttpResponse<String> ok = cloudControl(server, "ListResources", list);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(json(ok).get("ResourceDescriptions").isArray()).isTrue();
    assertThat(json(ok).has("NextToken")).isFalse();
  }

  @Test
  void aPathOutsideBothFacesIsA404Problem() {
    HttpResponse<String> response = ServerClients.get(server, "/nowhere");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(response).get("detail").asText()).contains("/nowhere");
  }

  @Test
  void theRegionIsReadFromTheSignaturesCredentialScope() {
    assertThat(
            CloudControlHandler.regionOf(
                "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/cloudcontrolapi/aws4_request,"
                    + " SignedHeaders=host;x-amz-date, Signature=abc"))
        .isEqualTo("eu-west-1");
    assertThat(CloudControlHandler.regionOf(null)).isNull();
    assertThat(CloudControlHandler.regionOf("Bearer xyz")).isNull();
    assertThat(CloudControlHandler.regionOf("AWS4-HMAC-SHA256 Credential=AKID/20250101")).isNull();
  }
}
