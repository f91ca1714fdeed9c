package dev.forja.plugin.sim.server;

import static dev.forja.plugin.sim.server.ServerClients.JSON;
import static dev.forja.plugin.sim.server.ServerClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.CloudControlException;
import software.amazon.awssdk.services.cloudcontrol.model.HandlerErrorCode;
import software.amazon.awssdk.services.cloudcontrol.model.ListResourceRequestsResponse;
import software.amazon.awssdk.services.cloudcontrol.model.ListResourcesResponse;
import software.amazon.awssdk.services.cloudcontrol.model.Operation;
import software.amazon.awssdk.services.cloudcontrol.model.OperationStatus;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;
import software.amazon.awssdk.services.cloudcontrol.model.RequestTokenNotFoundException;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceDescription;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudcontrol.model.ThrottlingException;

/** The Cloud Control face, spoken to by the real AWS SDK: it must parse every answer and error. */
class SimServerCloudControlTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";

  private SimServer server;
  private CloudControlClient sdk;

  @BeforeEach
  void start() {
    server = SimServer.start(SimCloud.inMemory(SimSettings.IDEAL));
    sdk = ServerClients.sdk(server);
  }

  @AfterEach
  void stop() {
    sdk.close();
    server.close();
  }

  private static String logGroup(String name, int retentionDays) {
    return "{\"LogGroupName\": \"" + name + "\", \"RetentionInDays\": " + retentionDays + "}";
  }

  private static String newName() {
    return "app-" + UUID.randomUUID();
  }

  private ProgressEvent create(String typeName, String desiredState) {
    ProgressEvent started =
        sdk.createResource(
                r ->
                    r.typeName(typeName)
                        .desiredState(desiredState)
                        .clientToken(UUID.randomUUID().toString()))
            .progressEvent();
    return awaitEnd(sdk, started.requestToken());
  }

  @Test
  void createAnswersInProgressWithATokenAndATimestampTheSdkParses() {
    Instant before = Instant.now().minusSeconds(1);
    ProgressEvent started =
        sdk.createResource(
                r ->
                    r.typeName(LOG_GROUP)
                        .desiredState(logGroup(newName(), 7))
                        .clientToken(UUID.randomUUID().toString()))
            .progressEvent();

    assertThat(started.operation()).isEqualTo(Operation.CREATE);
    assertThat(started.operationStatus())
        .isIn(OperationStatus.IN_PROGRESS, OperationStatus.PENDING, OperationStatus.SUCCESS);
    assertThat(started.typeName()).isEqualTo(LOG_GROUP);
    assertThat(started.requestToken()).isNotBlank();
    assertThat(started.eventTime()).isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void aCreateEndsSuccessAndTheResourceReadsBack() throws Exception {
    String name = newName();
    ProgressEvent done = create(LOG_GROUP, logGroup(name, 7));

    assertThat(done.operationStatus()).as(done.statusMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(done.identifier()).isNotBlank();
    ResourceDescription read =
        sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(done.identifier()))
            .resourceDescription();
    assertThat(read.identifier()).isEqualTo(done.identifier());
    JsonNode properties = JSON.readTree(read.properties());
    assertThat(properties.get("LogGroupName").asText()).isEqualTo(name);
    assertThat(properties.get("RetentionInDays").asInt()).isEqualTo(7);
  }

  @Test
  void anUpdateByJsonPatchChangesTheResource() throws Exception {
    String id = create(LOG_GROUP, logGroup(newName(), 7)).identifier();

    ProgressEvent started =
        sdk.updateResource(
                r ->
                    r.typeName(LOG_GROUP)
                        .identifier(id)
                        .patchDocument(
                            "[{\"op\": \"replace\", \"path\": \"/RetentionInDays\", \"value\": 14}]")
                        .clientToken(UUID.randomUUID().toString()))
            .progressEvent();
    assertThat(started.operation()).isEqualTo(Operation.UPDATE);
    ProgressEvent done = awaitEnd(sdk, started.requestToken());

    assertThat(done.operationStatus()).as(done.statusMessage()).isEqualTo(OperationStatus.SUCCESS);
    String properties =
        sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id))
            .resourceDescription()
            .properties();
    assertThat(JSON.readTree(properties).get("RetentionInDays").asInt()).isEqualTo(14);
  }

  @Test
  void aDeletedResourceReadsAsResourceNotFoundException() {
    String id = create(LOG_GROUP, logGroup(newName(), 7)).identifier();

    ProgressEvent started =
        sdk.deleteResource(
                r -> r.typeName(LOG_GROUP).identifier(id).clientToken(UUID.randomUUID().toString()))
            .progressEvent();
    assertThat(started.operation()).isEqualTo(Operation.DELETE);
    assertThat(awaitEnd(sdk, started.requestToken()).operationStatus())
        .isEqualTo(OperationStatus.SUCCESS);

    assertThatThrownBy(() -> sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id)))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(
            e ->
                assertThat(((ResourceNotFoundException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ResourceNotFoundException"));
  }

  @Test
  void listResourcesPagesWithNextToken() {
    List<String> ids =
        List.of(
            create(LOG_GROUP, logGroup(newName(), 1)).identifier(),
            create(LOG_GROUP, logGroup(newName(), 1)).identifier(),
            create(LOG_GROUP, logGroup(newName(), 1)).identifier());

    ListResourcesResponse first = sdk.listResources(r -> r.typeName(LOG_GROUP).maxResults(2));
    assertThat(first.typeName()).isEqualTo(LOG_GROUP);
    assertThat(first.resourceDescriptions()).hasSize(2);
    assertThat(first.nextToken()).isNotBlank();

    List<String> all =
        sdk
            .listResourcesPaginator(r -> r.typeName(LOG_GROUP).maxResults(2))
            .resourceDescriptions()
            .stream()
            .map(ResourceDescription::identifier)
            .toList();
    assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void theSameClientTokenAnswersTheSameRequest() {
    String token = UUID.randomUUID().toString();
    String desired = logGroup(newName(), 7);
    ProgressEvent first =
        sdk.createResource(r -> r.typeName(LOG_GROUP).desiredState(desired).clientToken(token))
            .progressEvent();
    ProgressEvent again =
        sdk.createResource(r -> r.typeName(LOG_GROUP).desiredState(desired).clientToken(token))
            .progressEvent();

    assertThat(again.requestToken()).isEqualTo(first.requestToken());
    awaitEnd(sdk, first.requestToken());
    assertThat(server.cloud().resources()).hasSize(1);
  }

  @Test
  void aThrottlingRuleSurfacesAsTheSdksThrottlingException() {
    String id = create(LOG_GROUP, logGroup(newName(), 7)).identifier();
    server.cloud().addRule(new FailureRule("Read", LOG_GROUP, null, "ThrottlingException", 1));

    assertThatThrownBy(() -> sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id)))
        .isInstanceOf(ThrottlingException.class)
        .satisfies(e -> assertThat(((ThrottlingException) e).statusCode()).isEqualTo(400));
    // The rule is spent: the next read goes through.
    assertThat(
            sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id))
                .resourceDescription()
                .identifier())
        .isEqualTo(id);
  }

  @Test
  void anInternalFailureRuleIsA500TheSdkSeesAsInternalFailure() {
    String id = create(LOG_GROUP, logGroup(newName(), 7)).identifier();
    server.cloud().addRule(new FailureRule("Read", null, null, "InternalFailure", 1));

    assertThatThrownBy(() -> sdk.getResource(r -> r.typeName(LOG_GROUP).identifier(id)))
        .isInstanceOf(CloudControlException.class)
        .satisfies(
            e -> {
              CloudControlException cce = (CloudControlException) e;
              assertThat(cce.statusCode()).isEqualTo(500);
              assertThat(cce.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
            });
  }

  @Test
  void aHandlerErrorCodeRuleEndsTheRequestFailedWithThatCode() {
    String name = newName();
    server.cloud().addRule(new FailureRule("Create", LOG_GROUP, name, "AccessDenied", 1));

    ProgressEvent done = create(LOG_GROUP, logGroup(name, 7));

    assertThat(done.operationStatus()).isEqualTo(OperationStatus.FAILED);
    assertThat(done.errorCode()).isEqualTo(HandlerErrorCode.ACCESS_DENIED);
  }

  @Test
  void anUnknownRequestTokenIsRequestTokenNotFoundException() {
    assertThatThrownBy(() -> sdk.getResourceRequestStatus(r -> r.requestToken("no-such-token")))
        .isInstanceOf(RequestTokenNotFoundException.class);
  }

  @Test
  void aRequestHeldByTheGateCanBeCanceled() {
    server.cloud().gate(false);
    ProgressEvent started =
        sdk.createResource(
                r ->
                    r.typeName(LOG_GROUP)
                        .desiredState(logGroup(newName(), 7))
                        .clientToken(UUID.randomUUID().toString()))
            .progressEvent();
    assertThat(
            sdk.getResourceRequestStatus(r -> r.requestToken(started.requestToken()))
                .progressEvent()
                .operationStatus())
        .isEqualTo(OperationStatus.IN_PROGRESS);

    sdk.cancelResourceRequest(r -> r.requestToken(started.requestToken()));
    server.cloud().gate(true);

    assertThat(awaitEnd(sdk, started.requestToken()).operationStatus())
        .isEqualTo(OperationStatus.CANCEL_COMPLETE);
    assertThat(server.cloud().resources()).isEmpty();
  }

  @Test
  void listResourceRequestsFiltersAndPages() {
    String id = create(LOG_GROUP, logGroup(newName(), 7)).identifier();
    create(LOG_GROUP, logGroup(newName(), 7));
    create(LOG_GROUP, logGroup(newName(), 7));
    awaitEnd(
        sdk,
        sdk.deleteResource(
                r -> r.typeName(LOG_GROUP).identifier(id).clientToken(UUID.randomUUID().toString()))
            .progressEvent()
            .requestToken());

    ListResourceRequestsResponse page =
        sdk.listResourceRequests(
            r ->
                r.maxResults(2)
                    .resourceRequestStatusFilter(
                        f ->
                            f.operations(Operation.CREATE)
                                .operationStatuses(OperationStatus.SUCCESS)));
    assertThat(page.resourceRequestStatusSummaries()).hasSize(2);
    assertThat(page.resourceRequestStatusSummaries())
        .allSatisfy(e -> assertThat(e.operation()).isEqualTo(Operation.CREATE));
    assertThat(page.nextToken()).isNotBlank();

    List<ProgressEvent> creates =
        sdk
            .listResourceRequestsPaginator(
                r ->
                    r.maxResults(2)
                        .resourceRequestStatusFilter(f -> f.operations(Operation.CREATE)))
            .resourceRequestStatusSummaries()
            .stream()
            .toList();
    assertThat(creates).hasSize(3);
    assertThat(sdk.listResourceRequests(r -> r.maxResults(100)).resourceRequestStatusSummaries())
        .hasSize(4);
  }

  @Test
  void configuredLatencyKeepsARequestInProgressUntilItHasPassed() {
    server.cloud().configure(new SimSettings(Duration.ofMillis(200), Duration.ofMillis(200), 0, 0));
    ProgressEvent started =
        sdk.createResource(
                r ->
                    r.typeName(LOG_GROUP)
                        .desiredState(logGroup(newName(), 7))
                        .clientToken(UUID.randomUUID().toString()))
            .progressEvent();
    Instant sent = Instant.now();

    ProgressEvent done = awaitEnd(sdk, started.requestToken());

    assertThat(done.operationStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(Duration.between(sent, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(done.eventTime()).isAfterOrEqualTo(started.eventTime());
  }

  @Test
  void aCreateNamesTheRegionTheRequestWasSignedFor() throws Exception {
    try (CloudControlClient ireland = ServerClients.sdk(server, Region.EU_WEST_1)) {
      ProgressEvent started =
          ireland
              .createResource(
                  r ->
                      r.typeName(LOG_GROUP)
                          .desiredState(logGroup(newName(), 7))
                          .clientToken(UUID.randomUUID().toString()))
              .progressEvent();
      String id = awaitEnd(ireland, started.requestToken()).identifier();

      String properties =
          ireland
              .getResource(r -> r.typeName(LOG_GROUP).identifier(id))
              .resourceDescription()
              .properties();
      assertThat(JSON.readTree(properties).get("Arn").asText())
          .startsWith("arn:aws:logs:eu-west-1:");
    }
  }
}
