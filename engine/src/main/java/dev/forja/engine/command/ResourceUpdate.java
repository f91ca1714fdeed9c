package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import java.util.Objects;

/**
 * One planned change to one resource, and how far it got.
 *
 * @param ksuid the resource's stable identity
 * @param stack the stack label
 * @param label the resource label
 * @param type the cloud type
 * @param target the target label the change runs on
 * @param operation what it does
 * @param state how far it got
 * @param desired the properties to create or update to ({@code $ref}s planned); null for a delete
 * @param prior the inventory row before the change; null for a create
 * @param patch the RFC 6902 patch from prior to desired, for an update or replace; else null
 * @param cascade true when planned only because of another update (a destroy cascade, or a
 *     re-resolve after a replace), not because the forma named it
 * @param attempts plugin attempts so far
 * @param nativeId the cloud's identifier once known
 * @param errorCode the failure's code, for a failed update
 * @param message the failure's message, for a failed update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceUpdate(
    @JsonProperty("Ksuid") String ksuid,
    @JsonProperty("Stack") String stack,
    @JsonProperty("Label") String label,
    @JsonProperty("Type") String type,
    @JsonProperty("Target") String target,
    @JsonProperty("Operation") Operation operation,
    @JsonProperty("State") UpdateState state,
    @JsonProperty("Desired") ObjectNode desired,
    @JsonProperty("Prior") InventoryResource prior,
    @JsonProperty("Patch") ArrayNode patch,
    @JsonProperty("Cascade") boolean cascade,
    @JsonProperty("Attempts") int attempts,
    @JsonProperty("NativeID") String nativeId,
    @JsonProperty("ErrorCode") String errorCode,
    @JsonProperty("Message") String message) {
  public ResourceUpdate {
    Objects.requireNonNull(ksuid, "ksuid");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(state, "state");
    if (desired == null && operation != Operation.DELETE && operation != Operation.READ) {
      throw new IllegalArgumentException(
          operation + " of " + stack + "/" + label + " needs a desired state");
    }
    if (prior == null && operation != Operation.CREATE) {
      throw new IllegalArgumentException(
          operation + " of " + stack + "/" + label + " needs a prior state");
    }
  }

  /** A freshly planned update. */
  public static ResourceUpdate planned(
      String ksuid,
      String stack,
      String label,
      String type,
      String target,
      Operation operation,
      ObjectNode desired,
      InventoryResource prior,
      ArrayNode patch,
      boolean cascade) {
    return new ResourceUpdate(
        ksuid,
        stack,
        label,
        type,
        target,
        operation,
        UpdateState.NOT_STARTED,
        desired,
        prior,
        patch,
        cascade,
        0,
        prior == null ? null : prior.nativeId(),
        null,
        null);
  }

  /** The resource's user-facing identity. */
  public ResourceKey key() {
    return new ResourceKey(stack, label);
  }

  /** The same update in {@code next}; refuses an illegal transition. */
  public ResourceUpdate withState(UpdateState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException(
          "update " + key() + " cannot move from " + state + " to " + next);
    }
    return new ResourceUpdate(
        ksuid, stack, label, type, target, operation, next, desired, prior, patch, cascade,
        attempts, nativeId, errorCode, message);
  }

  /** The same update failed with {@code code} and {@code why}. */
  public ResourceUpdate failed(String code, String why) {
    ResourceUpdate f = withState(UpdateState.FAILED);
    return new ResourceUpdate(
        ksuid, stack, label, type, target, operation, f.state, desired, prior, patch, cascade,
        attempts, nativeId, code, why);
  }
}
