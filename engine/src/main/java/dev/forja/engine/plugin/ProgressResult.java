package dev.forja.engine.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a plugin answers to a create, read, update, delete or status call.
 *
 * @param operation the call this answers
 * @param status where the operation stands
 * @param requestToken the token to poll an in-progress operation with, or null
 * @param nativeId the cloud's identifier once known, or null
 * @param properties the resource's properties as the cloud reports them, or null
 * @param errorCode for a failure, the plugin's code ({@link ErrorCodes}), else null
 * @param retryable for a failure, whether trying again may succeed
 * @param message a human-readable explanation, or null
 */
public record ProgressResult(
    PluginOperation operation,
    OperationStatus status,
    String requestToken,
    String nativeId,
    ObjectNode properties,
    String errorCode,
    boolean retryable,
    String message) {
  public ProgressResult {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(status, "status");
    if (status == OperationStatus.FAILED && errorCode == null) {
      throw new IllegalArgumentException("a failed " + operation + " needs an error code");
    }
    if (status == OperationStatus.IN_PROGRESS && requestToken == null) {
      throw new IllegalArgumentException("an in-progress " + operation + " needs a request token");
    }
  }

  /** The operation finished. */
  public static ProgressResult success(PluginOperation op, String nativeId, ObjectNode properties) {
    return new ProgressResult(
        op, OperationStatus.SUCCESS, null, nativeId, properties, null, false, null);
  }

  /** The operation runs on; poll it with {@code requestToken}. */
  public static ProgressResult inProgress(
      PluginOperation op, String requestToken, String nativeId) {
    return new ProgressResult(
        op, OperationStatus.IN_PROGRESS, requestToken, nativeId, null, null, false, null);
  }

  /** The operation failed; retryable as {@link ErrorCodes#isRetryable} says. */
  public static ProgressResult failure(PluginOperation op, String errorCode, String message) {
    return new ProgressResult(
        op,
        OperationStatus.FAILED,
        null,
        null,
        null,
        errorCode,
        ErrorCodes.isRetryable(errorCode),
        message);
  }

  /** Whether the operation has ended, either way. */
  public boolean isDone() {
    return status != OperationStatus.IN_PROGRESS;
  }
}
