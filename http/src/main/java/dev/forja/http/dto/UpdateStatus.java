package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;

/**
 * One resource update of a command, as {@code GET /api/v1/commands/{id}} shows it. Every key is
 * present; those not known yet are null.
 *
 * @param ksuid the resource's stable identity
 * @param stack the stack label
 * @param label the resource label
 * @param type the cloud type
 * @param operation create, update, replace, delete or read
 * @param state NotStarted, Pending, InProgress, Success, Failed, Rejected or Canceled
 * @param attempts plugin attempts so far
 * @param nativeId the cloud's identifier once known
 * @param errorCode the failure's code, for a failed update
 * @param message the failure's message, for a failed update
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "Ksuid",
  "Stack",
  "Label",
  "Type",
  "Operation",
  "State",
  "Attempts",
  "NativeID",
  "ErrorCode",
  "Message"
})
public record UpdateStatus(
    @JsonProperty("Ksuid") String ksuid,
    @JsonProperty("Stack") String stack,
    @JsonProperty("Label") String label,
    @JsonProperty("Type") String type,
    @JsonProperty("Operation") Operation operation,
    @JsonProperty("State") UpdateState state,
    @JsonProperty("Attempts") int attempts,
    @JsonProperty("NativeID") String nativeId,
    @JsonProperty("ErrorCode") String errorCode,
    @JsonProperty("Message") String message) {

  /** The API's view of {@code u}. */
  public static UpdateStatus of(ResourceUpdate u) {
    return new UpdateStatus(
        u.ksuid(),
        u.stack(),
        u.label(),
        u.type(),
        u.operation(),
        u.state(),
        u.attempts(),
        u.nativeId(),
        u.errorCode(),
        u.message());
  }
}
