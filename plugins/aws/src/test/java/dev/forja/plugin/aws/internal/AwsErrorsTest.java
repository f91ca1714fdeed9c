package dev.forja.plugin.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.plugin.ErrorCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudcontrol.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudcontrol.model.CloudControlException;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudcontrol.model.ThrottlingException;

class AwsErrorsTest {

  private static AwsServiceException service(String awsCode, int status) {
    return CloudControlException.builder()
        .statusCode(status)
        .message("the cloud says no")
        .requestId("req-1")
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(awsCode)
                .errorMessage("the cloud says no")
                .serviceName("CloudControl")
                .build())
        .build();
  }

  @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}, retryable {3}")
  @CsvSource({
    "ThrottlingException,             400, ThrottlingException,   true",
    "TooManyRequestsException,        429, ThrottlingException,   true",
    "ServiceInternalErrorException,   500, ServiceInternalError,  true",
    "HandlerInternalFailureException, 502, InternalFailure,       true",
    "InternalFailure,                 500, InternalFailure,       true",
    "NetworkFailureException,         400, NetworkFailure,        true",
    "NotStabilizedException,          400, NotStabilized,         true",
    "ResourceConflictException,       400, ResourceConflict,      true",
    "ConcurrentOperationException,    400, ResourceConflict,      true",
    "ResourceNotFoundException,       404, NotFound,              true",
    "AlreadyExistsException,          400, AlreadyExists,         false",
    "ClientTokenConflictException,    400, ClientTokenConflictException, false",
    "InvalidRequestException,         400, InvalidRequest,        false",
    "ValidationException,             400, InvalidRequest,        false",
    "TypeNotFoundException,           400, InvalidRequest,        false",
    "RequestTokenNotFoundException,   400, InvalidRequest,        false",
    "NotUpdatableException,           400, NotUpdatable,          false",
    "ServiceLimitExceededException,   400, ServiceLimitExceeded,  false",
    "GeneralServiceException,         400, GeneralServiceException, false",
    "InvalidCredentialsException,     400, InvalidCredentials,    false",
    "UnrecognizedClientException,     400, InvalidCredentials,    false",
    "AccessDeniedException,           400, AccessDenied,          false",
    "SomethingNewException,           403, AccessDenied,          false",
    "SomethingNewException,           503, InternalFailure,       true",
    "SomethingNewException,           429, ThrottlingException,   true",
    "SomethingNewException,           400, SomethingNewException, false",
  })
  void mapsEachAwsCodeToForjasCodeAndRetryability(
      String awsCode, int status, String expected, boolean retryable) {
    AwsErrors.Failure f = AwsErrors.classify(service(awsCode, status));

    assertThat(f.code()).isEqualTo(expected);
    assertThat(f.retryable()).isEqualTo(retryable);
    assertThat(f.awsCode()).isEqualTo(awsCode);
    // The AWS code and message always reach the user, whatever Forja calls the failure.
    assertThat(f.message()).startsWith(awsCode + ": ").contains("the cloud says no");
  }

  @Test
  void mapsTheModeledExceptionClassesTheSdkThrows() {
    AwsServiceException throttled =
        ThrottlingException.builder()
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ThrottlingException")
                    .errorMessage("Rate exceeded")
                    .build())
            .build();
    AwsServiceException missing =
        ResourceNotFoundException.builder()
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
            .build();
    AwsServiceException exists =
        AlreadyExistsException.builder()
            .statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AlreadyExistsException").build())
            .build();

    assertThat(AwsErrors.classify(throttled).code()).isEqualTo(ErrorCodes.THROTTLING_EXCEPTION);
    assertThat(AwsErrors.classify(throttled).retryable()).isTrue();
    assertThat(AwsErrors.classify(missing).isNotFound()).isTrue();
    assertThat(AwsErrors.classify(exists).code()).isEqualTo(ErrorCodes.ALREADY_EXISTS);
    assertThat(AwsErrors.classify(exists).retryable()).isFalse();
  }

  @Test
  void aServiceErrorWithoutDetailsFallsBackToItsStatus() {
    AwsServiceException bare = CloudControlException.builder().statusCode(500).build();

    AwsErrors.Failure f = AwsErrors.classify(bare);

    assertThat(f.code()).isEqualTo(ErrorCodes.INTERNAL_FAILURE);
    assertThat(f.retryable()).isTrue();
    assertThat(f.message()).startsWith("HTTP 500: ");
  }

  @Test
  void clientSideFailuresAreRetryableNetworkFailures() {
    SdkClientException refused =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Connection refused")
            .cause(new ConnectException("Connection refused"))
            .build();
    ApiCallAttemptTimeoutException timeout = ApiCallAttemptTimeoutException.create(30_000);

    for (Throwable t : new Throwable[] {refused, timeout, new IOException("reset")}) {
      AwsErrors.Failure f = AwsErrors.classify(t);
      assertThat(f.code()).as(t.toString()).isEqualTo(ErrorCodes.NETWORK_FAILURE);
      assertThat(f.retryable()).isTrue();
    }
  }

  @Test
  void missingCredentialsAreNotRetryable() {
    SdkClientException none =
        SdkClientException.create("Unable to load credentials from any of the providers");

    AwsErrors.Failure f = AwsErrors.classify(none);

    assertThat(f.code()).isEqualTo(ErrorCodes.INVALID_CREDENTIALS);
    assertThat(f.retryable()).isFalse();
  }

  @Test
  void unwrapsTheWrappersFuturesAdd() {
    Throwable wrapped =
        new CompletionException(new ExecutionException(service("ThrottlingException", 400)));

    assertThat(AwsErrors.classify(wrapped).code()).isEqualTo(ErrorCodes.THROTTLING_EXCEPTION);
  }

  @Test
  void anythingElseIsAnUnforeseenErrorNotWorthRetrying() {
    AwsErrors.Failure f = AwsErrors.classify(new NullPointerException("oops"));

    assertThat(f.code()).isEqualTo(AwsErrors.UNFORESEEN_ERROR);
    assertThat(f.retryable()).isFalse();
    assertThat(f.message()).contains("oops");
  }
}
