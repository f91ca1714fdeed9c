package dev.forja.actors.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.engine.command.Operation;
import dev.forja.engine.serialization.CborSerializable;

/**
 * A node whose mutating plugin call was started and has not finished: what a resume needs to
 * re-drive it without starting it twice.
 *
 * @param ksuid the update's resource KSUID
 * @param operation the node's operation
 * @param attempt the attempt number (from 1) the token belongs to
 * @param clientToken the idempotency token sent with the call
 * @param requestToken the plugin's token to poll the operation with, once it answered in progress;
 *     else null
 */
public record InFlight(
    @JsonProperty("Ksuid") String ksuid,
    @JsonProperty("Operation") Operation operation,
    @JsonProperty("Attempt") int attempt,
    @JsonProperty("ClientToken") String clientToken,
    @JsonProperty("RequestToken") String requestToken)
    implements CborSerializable {

  /** The node this call belongs to. */
  public NodeKey node() {
    return new NodeKey(ksuid, operation);
  }
}
