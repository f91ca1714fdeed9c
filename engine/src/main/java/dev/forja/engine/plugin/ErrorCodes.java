package dev.forja.engine.plugin;

import java.util.Set;

/**
 * Error codes a plugin reports: Cloud Control's HandlerErrorCode set, the API exceptions that stand
 * in for it, and Forja's own. A plugin sets {@link ProgressResult#retryable()} itself; {@link
 * #isRetryable} is the default for the codes listed here.
 */
public final class ErrorCodes {
  public static final String NOT_UPDATABLE = "NotUpdatable";
  public static final String INVALID_REQUEST = "InvalidRequest";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String INVALID_CREDENTIALS = "InvalidCredentials";
  public static final String ALREADY_EXISTS = "AlreadyExists";
  public static final String NOT_FOUND = "NotFound";
  public static final String RESOURCE_CONFLICT = "ResourceConflict";
  public static final String THROTTLING = "Throttling";
  public static final String SERVICE_LIMIT_EXCEEDED = "ServiceLimitExceeded";
  public static final String NOT_STABILIZED = "NotStabilized";
  public static final String GENERAL_SERVICE_EXCEPTION = "GeneralServiceException";
  public static final String SERVICE_INTERNAL_ERROR = "ServiceInternalError";
  public static final String NETWORK_FAILURE = "NetworkFailure";
  public static final String INTERNAL_FAILURE = "InternalFailure";
  public static final String THROTTLING_EXCEPTION = "ThrottlingException";

  /** An update failed because one it depends on failed; no plugin was called. */
  public static final String DEPENDENCY_FAILED = "DependencyFailed";

  /** The engine gave up waiting. */
  public static final String TIMEOUT = "Timeout";

  /** No plugin serves the target's namespace. */
  public static final String PLUGIN_NOT_FOUND = "PluginNotFound";

  private static final Set<String> RETRYABLE =
      Set.of(
          NOT_FOUND,
          RESOURCE_CONFLICT,
          THROTTLING,
          THROTTLING_EXCEPTION,
          NOT_STABILIZED,
          SERVICE_INTERNAL_ERROR,
          NETWORK_FAILURE,
          INTERNAL_FAILURE);

  private ErrorCodes() {}

  /** Whether a failure with {@code code} may succeed if tried again. */
  public static boolean isRetryable(String code) {
    return code != null && RETRYABLE.contains(code);
  }
}
