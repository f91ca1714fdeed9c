package dev.forja.plugin.aws.internal;

import dev.forja.engine.plugin.ErrorCodes;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Maps what a Cloud Control call threw to Forja's error code and whether retrying may help. The AWS
 * error code is matched first, the HTTP status only for codes not listed, so an unmodeled exception
 * still lands in the right class. The mapped failure's message always starts with the AWS code, so
 * nothing the cloud said is lost.
 *
 * <pre>
 * AWS error code (or HTTP status)                              Forja code             retryable
 * ThrottlingException, Throttling, TooManyRequestsException,… ThrottlingException    yes
 *   (or HTTP 429)
 * ServiceInternalErrorException                                ServiceInternalError   yes
 * HandlerInternalFailureException, InternalFailure, … (or 5xx) InternalFailure        yes
 * NetworkFailureException                                      NetworkFailure         yes
 * NotStabilizedException                                       NotStabilized          yes
 * ResourceConflictException, Concurrent{Operation,Modification}ResourceConflict       yes
 * ResourceNotFoundException                                    NotFound               per call
 * AlreadyExistsException                                       AlreadyExists          no
 * ClientTokenConflictException                                 ClientTokenConflictException no
 * InvalidRequestException, ValidationException,                InvalidRequest         no
 *   TypeNotFoundException, RequestTokenNotFoundException, …
 * NotUpdatableException                                        NotUpdatable           no
 * ServiceLimitExceededException                                ServiceLimitExceeded   no
 * GeneralServiceException, HandlerFailureException             GeneralServiceException no
 * InvalidCredentialsException, UnrecognizedClientException, …  InvalidCredentials     no
 * AccessDeniedException (or HTTP 403)                          AccessDenied           no
 * any other code (HTTP 4xx)                                    the AWS code itself    no
 * SdkClientException: no credentials found                     InvalidCredentials     no
 * SdkClientException (connection, attempt timeout, …),         NetworkFailure         yes
 *   IOException, TimeoutException
 * anything else (a bug)                                        UnforeseenError        no
 * </pre>
 */
public final class AwsErrors {

  /** A thrown error this table does not know; it is a bug, and retrying will not fix it. */
  public static final String UNFORESEEN_ERROR = "UnforeseenError";

  /** Cloud Control's answer to a client token reused with a different request. */
  public static final String CLIENT_TOKEN_CONFLICT = "ClientTokenConflictException";

  /** The AWS code of a missing resource, as GetResource and friends throw it. */
  public static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";

  private static final Map<String, String> BY_AWS_CODE =
      Map.ofEntries(
          Map.entry("ThrottlingException", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("Throttling", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("ThrottledException", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("TooManyRequestsException", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("RequestLimitExceeded", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("RequestThrottled", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("RequestThrottledException", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("SlowDown", ErrorCodes.THROTTLING_EXCEPTION),
          Map.entry("ServiceInternalErrorException", ErrorCodes.SERVICE_INTERNAL_ERROR),
          Map.entry("HandlerInternalFailureException", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("InternalFailure", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("InternalServerError", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("InternalError", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("ServiceUnavailable", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("ServiceUnavailableException", ErrorCodes.INTERNAL_FAILURE),
          Map.entry("NetworkFailureException", ErrorCodes.NETWORK_FAILURE),
          Map.entry("NotStabilizedException", ErrorCodes.NOT_STABILIZED),
          Map.entry("ResourceConflictException", ErrorCodes.RESOURCE_CONFLICT),
          Map.entry("ConcurrentOperationException", ErrorCodes.RESOURCE_CONFLICT),
          Map.entry("ConcurrentModificationException", ErrorCodes.RESOURCE_CONFLICT),
          Map.entry(RESOURCE_NOT_FOUND, ErrorCodes.NOT_FOUND),
          Map.entry("AlreadyExistsException", ErrorCodes.ALREADY_EXISTS),
          Map.entry(CLIENT_TOKEN_CONFLICT, CLIENT_TOKEN_CONFLICT),
          Map.entry("InvalidRequestException", ErrorCodes.INVALID_REQUEST),
          Map.entry("ValidationException", ErrorCodes.INVALID_REQUEST),
          Map.entry("TypeNotFoundException", ErrorCodes.INVALID_REQUEST),
          Map.entry("UnsupportedActionException", ErrorCodes.INVALID_REQUEST),
          Map.entry("PrivateTypeException", ErrorCodes.INVALID_REQUEST),
          Map.entry("RequestTokenNotFoundException", ErrorCodes.INVALID_REQUEST),
          Map.entry("SerializationException", ErrorCodes.INVALID_REQUEST),
          Map.entry("UnknownOperationException", ErrorCodes.INVALID_REQUEST),
          Map.entry("NotUpdatableException", ErrorCodes.NOT_UPDATABLE),
          Map.entry("ServiceLimitExceededException", ErrorCodes.SERVICE_LIMIT_EXCEEDED),
          Map.entry("GeneralServiceException", ErrorCodes.GENERAL_SERVICE_EXCEPTION),
          Map.entry("HandlerFailureException", ErrorCodes.GENERAL_SERVICE_EXCEPTION),
          Map.entry("InvalidCredentialsException", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("UnrecognizedClientException", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("InvalidClientTokenId", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("InvalidSignatureException", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("SignatureDoesNotMatch", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("IncompleteSignature", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("MissingAuthenticationToken", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("ExpiredToken", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("ExpiredTokenException", ErrorCodes.INVALID_CREDENTIALS),
          Map.entry("AccessDeniedException", ErrorCodes.ACCESS_DENIED),
          Map.entry("AccessDenied", ErrorCodes.ACCESS_DENIED));

  private AwsErrors() {}

  /**
   * A failure as Forja reports it.
   *
   * @param code Forja's error code ({@link ErrorCodes} or the AWS code)
   * @param retryable whether trying again may succeed
   * @param message what went wrong, starting with the AWS error code when there is one
   * @param awsCode the AWS error code, or null when the call never got an AWS answer
   */
  public record Failure(String code, boolean retryable, String message, String awsCode) {
    /** Whether the cloud said the resource does not exist. */
    public boolean isNotFound() {
      return ErrorCodes.NOT_FOUND.equals(code);
    }
  }

  /** Classifies what a call threw; {@link CompletionException} and the like are unwrapped. */
  public static Failure classify(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof AwsServiceException e) {
      return service(e);
    }
    if (t instanceof SdkClientException e) {
      // The default chain found nothing: no amount of retrying will conjure credentials.
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("Unable to load credentials")) {
        return new Failure(ErrorCodes.INVALID_CREDENTIALS, false, m, null);
      }
      return new Failure(ErrorCodes.NETWORK_FAILURE, true, describe(e), null);
    }
    if (t instanceof IOException || t instanceof TimeoutException) {
      return new Failure(ErrorCodes.NETWORK_FAILURE, true, describe(t), null);
    }
    return new Failure(UNFORESEEN_ERROR, false, describe(t), null);
  }

  /** The failure itself, without the wrappers futures add. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static Failure service(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String awsCode = details == null ? null : details.errorCode();
    int status = e.statusCode();
    String code = awsCode == null ? null : BY_AWS_CODE.get(awsCode);
    if (code == null) {
      code = byStatus(e, awsCode, status);
    }
    String message = (awsCode == null ? "HTTP " + status : awsCode) + ": " + e.getMessage();
    return new Failure(code, ErrorCodes.isRetryable(code), message, awsCode);
  }

  private static String byStatus(AwsServiceException e, String awsCode, int status) {
    if (status == 429 || e.isThrottlingException()) {
      return ErrorCodes.THROTTLING_EXCEPTION;
    }
    if (status >= 500) {
      return ErrorCodes.INTERNAL_FAILURE;
    }
    if (status == 403) {
      return ErrorCodes.ACCESS_DENIED;
    }
    if (status == 401) {
      return ErrorCodes.INVALID_CREDENTIALS;
    }
    return awsCode != null ? awsCode : ErrorCodes.INVALID_REQUEST;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
  }
}
