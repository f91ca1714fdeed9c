package dev.forja.plugin.sim.cloud;

import java.util.Map;

/**
 * Cloud Control's two vocabularies of failure: the {@code HandlerErrorCode} a FAILED request
 * carries, and the API exception a synchronous call (GetResource, ListResources) throws for the
 * same cause.
 */
public final class CloudControlErrors {
  /** The API call was throttled; HTTP 400. */
  public static final String THROTTLING_EXCEPTION = "ThrottlingException";

  /** The service failed; HTTP 500. */
  public static final String INTERNAL_FAILURE = "InternalFailure";

  public static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  public static final String REQUEST_TOKEN_NOT_FOUND = "RequestTokenNotFoundException";
  public static final String CLIENT_TOKEN_CONFLICT = "ClientTokenConflictException";
  public static final String CONCURRENT_OPERATION = "ConcurrentOperationException";
  public static final String TYPE_NOT_FOUND = "TypeNotFoundException";
  public static final String VALIDATION = "ValidationException";

  private static final Map<String, String> EXCEPTION_OF_HANDLER_CODE =
      Map.ofEntries(
          Map.entry("NotFound", RESOURCE_NOT_FOUND),
          Map.entry("AlreadyExists", "AlreadyExistsException"),
          Map.entry("InvalidRequest", "InvalidRequestException"),
          Map.entry("AccessDenied", "AccessDeniedException"),
          Map.entry("InvalidCredentials", "InvalidCredentialsException"),
          Map.entry("ResourceConflict", "ResourceConflictException"),
          Map.entry("Throttling", THROTTLING_EXCEPTION),
          Map.entry("ServiceLimitExceeded", "ServiceLimitExceededException"),
          Map.entry("NotStabilized", "NotStabilizedException"),
          Map.entry("GeneralServiceException", "GeneralServiceException"),
          Map.entry("ServiceInternalError", "ServiceInternalErrorException"),
          Map.entry("NetworkFailure", "NetworkFailureException"),
          Map.entry("InternalFailure", "HandlerInternalFailureException"),
          Map.entry("NotUpdatable", "NotUpdatableException"));

  private static final Map<String, String> HANDLER_CODE_OF_EXCEPTION =
      Map.ofEntries(
          Map.entry(RESOURCE_NOT_FOUND, "NotFound"),
          Map.entry("AlreadyExistsException", "AlreadyExists"),
          Map.entry("InvalidRequestException", "InvalidRequest"),
          Map.entry("AccessDeniedException", "AccessDenied"),
          Map.entry("InvalidCredentialsException", "InvalidCredentials"),
          Map.entry("ResourceConflictException", "ResourceConflict"),
          Map.entry("ServiceLimitExceededException", "ServiceLimitExceeded"),
          Map.entry("NotStabilizedException", "NotStabilized"),
          Map.entry("GeneralServiceException", "GeneralServiceException"),
          Map.entry("ServiceInternalErrorException", "ServiceInternalError"),
          Map.entry("NetworkFailureException", "NetworkFailure"),
          Map.entry("HandlerInternalFailureException", "InternalFailure"),
          Map.entry("NotUpdatableException", "NotUpdatable"));

  private CloudControlErrors() {}

  /** Whether {@code code} fails the API call itself rather than the operation. */
  public static boolean isApiLevel(String code) {
    return THROTTLING_EXCEPTION.equals(code) || INTERNAL_FAILURE.equals(code);
  }

  /** The API exception a synchronous call throws for {@code handlerCode}. */
  public static SimException exceptionFor(String handlerCode, String message) {
    if (INTERNAL_FAILURE.equals(handlerCode)) {
      return new SimException(INTERNAL_FAILURE, 500, message);
    }
    String name = EXCEPTION_OF_HANDLER_CODE.getOrDefault(handlerCode, handlerCode);
    int status = name.startsWith("ServiceInternalError") ? 500 : 400;
    return new SimException(name, status, message);
  }

  /**
   * The HandlerErrorCode an API exception stands for ({@code ResourceNotFoundException} is {@code
   * NotFound}); codes with no such counterpart ({@code ThrottlingException}, {@code
   * InternalFailure}, {@code ValidationException}, …) are answered as they are.
   */
  public static String handlerCodeOf(String exceptionCode) {
    return HANDLER_CODE_OF_EXCEPTION.getOrDefault(exceptionCode, exceptionCode);
  }

  /** Cloud Control's answer to a read of a resource that does not exist. */
  static SimException notFound(String type, String identifier) {
    return new SimException(RESOURCE_NOT_FOUND, 400, notFoundMessage(type, identifier));
  }

  static String notFoundMessage(String type, String identifier) {
    return "Resource of type '" + type + "' with identifier '" + identifier + "' was not found.";
  }
}
