package dev.forja.engine.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user's apply or destroy: its changeset and state.
 *
 * @param id the command's KSUID
 * @param kind apply or destroy
 * @param mode how it was planned
 * @param onDependents what a delete does about dependents outside it
 * @param state how far it got
 * @param startTs when it was accepted
 * @param endTs when it ended, null before
 * @param updates its resource updates
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormaCommand(
    @JsonProperty("CommandId") String id,
    @JsonProperty("Command") CommandKind kind,
    @JsonProperty("Mode") PlanMode mode,
    @JsonProperty("OnDependents") OnDependents onDependents,
    @JsonProperty("State") CommandState state,
    @JsonProperty("StartTs") Instant startTs,
    @JsonProperty("EndTs") Instant endTs,
    @JsonProperty("ResourceUpdates") List<ResourceUpdate> updates) {
  public FormaCommand {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(state, "state");
    onDependents = onDependents == null ? OnDependents.ABORT : onDependents;
    updates = List.copyOf(updates);
  }

  /** How many updates are in each state, every state present. */
  public Map<UpdateState, Integer> counts() {
    Map<UpdateState, Integer> c = new EnumMap<>(UpdateState.class);
    for (UpdateState s : UpdateState.values()) {
      c.put(s, 0);
    }
    for (ResourceUpdate u : updates) {
      c.merge(u.state(), 1, Integer::sum);
    }
    return c;
  }

  /**
   * The final state that the updates' final states imply: Canceled if any update was canceled, else
   * Failed if any failed or was rejected, else Success. Only meaningful once every update is final.
   */
  public static CommandState finalStateOf(List<ResourceUpdate> updates) {
    boolean failed = false;
    for (ResourceUpdate u : updates) {
      if (u.state() == UpdateState.CANCELED) {
        return CommandState.CANCELED;
      }
      failed |= u.state() == UpdateState.FAILED || u.state() == UpdateState.REJECTED;
    }
    return failed ? CommandState.FAILED : CommandState.SUCCESS;
  }
}
