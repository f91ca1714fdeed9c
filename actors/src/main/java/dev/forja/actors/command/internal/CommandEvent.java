package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.command.GraphEdge;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What a command's journal holds: small, append-only facts, each naming its command (lesson L5: one
 * progress step appends one of these, whatever the command's size). Only {@link CommandAccepted}
 * carries the changeset.
 *
 * <p>The JSON names and type names are the journal's format: golden fixtures under {@code
 * src/test/resources/golden/events} fail the build when a change would break recorded journals. Add
 * a field as nullable (old events read it as null); never rename or remove one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "Type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CommandEvent.CommandAccepted.class, name = "CommandAccepted"),
  @JsonSubTypes.Type(
      value = CommandEvent.UpdateAttemptStarted.class,
      name = "UpdateAttemptStarted"),
  @JsonSubTypes.Type(
      value = CommandEvent.UpdateRequestTokenRecorded.class,
      name = "UpdateRequestTokenRecorded"),
  @JsonSubTypes.Type(value = CommandEvent.UpdateFinished.class, name = "UpdateFinished"),
  @JsonSubTypes.Type(value = CommandEvent.DependentsFailed.class, name = "DependentsFailed"),
  @JsonSubTypes.Type(value = CommandEvent.CancelRequested.class, name = "CancelRequested"),
  @JsonSubTypes.Type(value = CommandEvent.CommandFinished.class, name = "CommandFinished")
})
public sealed interface CommandEvent extends CborSerializable {

  /** The command the event belongs to. */
  String commandId();

  /** When it was recorded. */
  Instant at();

  /** The command was planned and accepted: every update NotStarted. */
  record CommandAccepted(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("Command") FormaCommand command,
      @JsonProperty("Edges") List<GraphEdge> edges,
      @JsonProperty("Targets") List<Target> targets,
      @JsonProperty("At") Instant at)
      implements CommandEvent {
    public CommandAccepted {
      edges = List.copyOf(edges);
      targets = List.copyOf(targets);
    }
  }

  /**
   * Attempt {@code attempt} of a node's mutating call is about to be sent with {@code clientToken}.
   */
  record UpdateAttemptStarted(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("Ksuid") String ksuid,
      @JsonProperty("Operation") Operation operation,
      @JsonProperty("Attempt") int attempt,
      @JsonProperty("ClientToken") String clientToken,
      @JsonProperty("At") Instant at)
      implements CommandEvent {}

  /** The plugin answered a node's call in progress, with the token to poll it by. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UpdateRequestTokenRecorded(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("Ksuid") String ksuid,
      @JsonProperty("Operation") Operation operation,
      @JsonProperty("RequestToken") String requestToken,
      @JsonProperty("NativeID") String nativeId,
      @JsonProperty("At") Instant at)
      implements CommandEvent {}

  /**
   * A node ended in {@code state}. For the DELETE node of a replace a SUCCESS only marks the node
   * done; otherwise {@code state} is the update's final state.
   *
   * @param properties the cloud's view of the resource after a successful create or update, else
   *     null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UpdateFinished(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("Ksuid") String ksuid,
      @JsonProperty("Operation") Operation operation,
      @JsonProperty("State") UpdateState state,
      @JsonProperty("NativeID") String nativeId,
      @JsonProperty("Properties") ObjectNode properties,
      @JsonProperty("Attempts") int attempts,
      @JsonProperty("ErrorCode") String errorCode,
      @JsonProperty("Message") String message,
      @JsonProperty("At") Instant at)
      implements CommandEvent {}

  /**
   * Updates that had not ended failed because something they depend on failed. Lists only updates
   * that were not final when it was recorded.
   */
  record DependentsFailed(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("Ksuids") List<String> ksuids,
      @JsonProperty("ErrorCode") String errorCode,
      @JsonProperty("Message") String message,
      @JsonProperty("At") Instant at)
      implements CommandEvent {
    public DependentsFailed {
      ksuids = List.copyOf(ksuids);
    }
  }

  /**
   * A cancel was requested: the command is Canceling from now on, and the listed updates (which had
   * not started) are Canceled.
   */
  record CancelRequested(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("CanceledKsuids") List<String> canceledKsuids,
      @JsonProperty("At") Instant at)
      implements CommandEvent {
    public CancelRequested {
      canceledKsuids = List.copyOf(canceledKsuids);
    }
  }

  /** The command ended in {@code state}; nothing changes it any more. */
  record CommandFinished(
      @JsonProperty("CommandId") String commandId,
      @JsonProperty("State") CommandState state,
      @JsonProperty("At") Instant at)
      implements CommandEvent {}
}
