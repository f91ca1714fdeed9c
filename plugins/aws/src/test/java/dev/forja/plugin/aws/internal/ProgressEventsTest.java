package dev.forja.plugin.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.ProgressResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudcontrol.model.Operation;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

class ProgressEventsTest {

  private final ProgressEvents events = new ProgressEvents(new ObjectMapper());

  private static ProgressEvent.Builder event(Operation op, String status) {
    return ProgressEvent.builder()
        .typeName("AWS::EC2::VPC")
        .operation(op)
        .operationStatus(status)
        .requestToken("tok-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PENDING", "IN_PROGRESS", "CANCEL_IN_PROGRESS"})
  void unfinishedRequestsAreInProgressWithTheirToken(String status) {
    ProgressResult r =
        events.toResult(PluginOperation.CREATE, event(Operation.CREATE, status).build());

    assertThat(r.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(r.requestToken()).isEqualTo("tok-1");
    assertThat(r.operation()).isEqualTo(PluginOperation.CREATE);
  }

  @Test
  void successCarriesTheIdentifierAndTheParsedModel() {
    ProgressResult r =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.CREATE, "SUCCESS")
                .identifier("vpc-0123")
                .resourceModel("{\"CidrBlock\":\"10.0.0.0/16\",\"VpcId\":\"vpc-0123\"}")
                .build());

    assertThat(r.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(r.nativeId()).isEqualTo("vpc-0123");
    assertThat(r.properties().get("CidrBlock").asText()).isEqualTo("10.0.0.0/16");
    assertThat(r.operation()).isEqualTo(PluginOperation.STATUS);
  }

  @Test
  void successWithoutAModelHasNoProperties() {
    ProgressResult r =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.DELETE, "SUCCESS").identifier("vpc-0123").build());

    assertThat(r.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(r.properties()).isNull();
  }

  @Test
  void failureCarriesTheHandlerErrorCodeItsRetryabilityAndTheMessage() {
    ProgressResult denied =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.CREATE, "FAILED")
                .errorCode("AccessDenied")
                .statusMessage("not authorized to ec2:CreateVpc")
                .build());
    ProgressResult throttled =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.UPDATE, "FAILED").errorCode("Throttling").build());

    assertThat(denied.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(denied.errorCode()).isEqualTo(ErrorCodes.ACCESS_DENIED);
    assertThat(denied.retryable()).isFalse();
    assertThat(denied.message()).isEqualTo("not authorized to ec2:CreateVpc");
    assertThat(throttled.errorCode()).isEqualTo(ErrorCodes.THROTTLING);
    assertThat(throttled.retryable()).isTrue();
  }

  @Test
  void aDeleteThatFoundNothingToDeleteSucceeds() {
    ProgressResult r =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.DELETE, "FAILED").identifier("vpc-0123").errorCode("NotFound").build());

    assertThat(r.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(r.nativeId()).isEqualTo("vpc-0123");
  }

  @Test
  void anUpdateThatFoundNothingFailsNotFound() {
    ProgressResult r =
        events.toResult(
            PluginOperation.STATUS,
            event(Operation.UPDATE, "FAILED").errorCode("NotFound").build());

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
  }

  @Test
  void aCanceledRequestFailsCanceledAndIsNotRetried() {
    ProgressResult r =
        events.toResult(PluginOperation.STATUS, event(Operation.CREATE, "CANCEL_COMPLETE").build());

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(ProgressEvents.CANCELED);
    assertThat(r.retryable()).isFalse();
    assertThat(r.message()).contains("tok-1");
  }

  @Test
  void aFailureWithoutACodeIsAGeneralServiceException() {
    ProgressResult r =
        events.toResult(PluginOperation.STATUS, event(Operation.CREATE, "FAILED").build());

    assertThat(r.errorCode()).isEqualTo(ErrorCodes.GENERAL_SERVICE_EXCEPTION);
    assertThat(r.retryable()).isFalse();
  }

  @Test
  void nonsenseIsAnUnforeseenErrorNotAnException() {
    assertThat(
            events
                .toResult(PluginOperation.STATUS, event(Operation.CREATE, "WEIRD").build())
                .errorCode())
        .isEqualTo(AwsErrors.UNFORESEEN_ERROR);
    assertThat(
            events
                .toResult(
                    PluginOperation.STATUS,
                    ProgressEvent.builder().operationStatus("IN_PROGRESS").build())
                .errorCode())
        .isEqualTo(AwsErrors.UNFORESEEN_ERROR);
    assertThat(events.toResult(PluginOperation.CREATE, null).errorCode())
        .isEqualTo(AwsErrors.UNFORESEEN_ERROR);
  }

  @Test
  void aModelThatIsNotJsonIsRefusedLoudly() {
    assertThatThrownBy(() -> events.properties("{not json"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(events.properties("[1,2]")).isNull();
    assertThat(events.properties(" ")).isNull();
  }
}
