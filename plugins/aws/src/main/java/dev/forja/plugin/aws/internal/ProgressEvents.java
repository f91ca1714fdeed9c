package dev.forja.plugin.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.ProgressResult;
import software.amazon.awssdk.services.cloudcontrol.model.Operation;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/**
 * Translates Cloud Control's answers into {@link ProgressResult}s.
 *
 * <pre>
 * OperationStatus                           ProgressResult
 * PENDING, IN_PROGRESS, CANCEL_IN_PROGRESS  IN_PROGRESS with the request token
 * SUCCESS                                   SUCCESS, nativeId = Identifier, properties = ResourceModel
 * FAILED                                    FAILED with the HandlerErrorCode, retryable as ErrorCodes
 *                                           says; a DELETE that failed NotFound is a SUCCESS (gone)
 * CANCEL_COMPLETE                           FAILED "Canceled", not retryable
 * </pre>
 *
 * <p>CANCEL_COMPLETE is final: the request was dropped with no effect. Forja never cancels a
 * request it sent (a command cancel lets in-flight operations end with their real result), so a
 * cancel came from someone else, on purpose; retrying would overrule them.
 */
public final class ProgressEvents {

  /** The code of a request someone canceled through CancelResourceRequest. */
  public static final String CANCELED = "Canceled";

  private final ObjectMapper json;

  public ProgressEvents(ObjectMapper json) {
    this.json = json;
  }

  /** The result of {@code op} as {@code event} reports it. */
  public ProgressResult toResult(PluginOperation op, ProgressEvent event) {
    if (event == null) {
      return ProgressResult.failure(
          op, AwsErrors.UNFORESEEN_ERROR, "Cloud Control answered without a ProgressEvent");
    }
    String token = event.requestToken();
    String id = event.identifier();
    String status = event.operationStatusAsString();
    switch (status == null ? "" : status) {
      case "PENDING", "IN_PROGRESS", "CANCEL_IN_PROGRESS":
        if (token == null) {
          return ProgressResult.failure(
              op, AwsErrors.UNFORESEEN_ERROR, status + " without a RequestToken: " + event);
        }
        return ProgressResult.inProgress(op, token, id);
      case "SUCCESS":
        return ProgressResult.success(op, id, properties(event.resourceModel()));
      case "FAILED":
        return failed(op, event);
      case "CANCEL_COMPLETE":
        return new ProgressResult(
            op,
            OperationStatus.FAILED,
            token,
            id,
            null,
            CANCELED,
            false,
            "request "
                + token
                + " was canceled"
                + (blank(event.statusMessage()) ? "" : ": " + event.statusMessage()));
      default:
        return ProgressResult.failure(
            op, AwsErrors.UNFORESEEN_ERROR, "unknown OperationStatus " + status + ": " + event);
    }
  }

  /** A resource model as JSON text, parsed; null when absent or not an object. */
  public ObjectNode properties(String model) {
    if (model == null || model.isBlank()) {
      return null;
    }
    try {
      JsonNode node = json.readTree(model);
      return node instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cloud Control sent a resource model that is not JSON", e);
    }
  }

  private static ProgressResult failed(PluginOperation op, ProgressEvent event) {
    String code = event.errorCodeAsString();
    if (code == null || code.isBlank()) {
      code = ErrorCodes.GENERAL_SERVICE_EXCEPTION;
    }
    // Delete is idempotent in the SPI: a resource that is already gone has been deleted.
    if (event.operation() == Operation.DELETE && ErrorCodes.NOT_FOUND.equals(code)) {
      return ProgressResult.success(op, event.identifier(), null);
    }
    return new ProgressResult(
        op,
        OperationStatus.FAILED,
        event.requestToken(),
        event.identifier(),
        null,
        code,
        ErrorCodes.isRetryable(code),
        blank(event.statusMessage()) ? code : event.statusMessage());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
