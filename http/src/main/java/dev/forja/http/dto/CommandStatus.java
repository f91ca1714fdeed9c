package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.UpdateState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command as {@code GET /api/v1/commands/{id}} shows it (INTERFACES.md, "Status JSON"). In the
 * listing {@code GET /api/v1/commands} the same object comes without {@code ResourceUpdates}.
 *
 * @param commandId the command's KSUID
 * @param command apply or destroy
 * @param mode reconcile, patch or destroy
 * @param state NotStarted, InProgress, Canceling, Success, Failed or Canceled
 * @param startTs when it was accepted (ISO-8601)
 * @param endTs when it ended (ISO-8601), null before
 * @param counts how many updates are in each update state, every state present
 * @param resourceUpdates each update; null (and absent from the JSON) in the listing
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "CommandId",
  "Command",
  "Mode",
  "State",
  "StartTs",
  "EndTs",
  "Counts",
  "ResourceUpdates"
})
public record CommandStatus(
    @JsonProperty("CommandId") String commandId,
    @JsonProperty("Command") CommandKind command,
    @JsonProperty("Mode") PlanMode mode,
    @JsonProperty("State") CommandState state,
    @JsonProperty("StartTs") String startTs,
    @JsonProperty("EndTs") String endTs,
    @JsonProperty("Counts") Map<String, Integer> counts,
    @JsonProperty("ResourceUpdates") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<UpdateStatus> resourceUpdates) {

  /** The command with every update. */
  public static CommandStatus of(FormaCommand c) {
    return new CommandStatus(
        c.id(),
        c.kind(),
        c.mode(),
        c.state(),
        text(c.startTs()),
        text(c.endTs()),
        counts(c.counts()),
        c.updates().stream().map(UpdateStatus::of).toList());
  }

  /** The command without its updates, as the listing shows it. */
  public static CommandStatus summaryOf(FormaCommand c) {
    return new CommandStatus(
        c.id(),
        c.kind(),
        c.mode(),
        c.state(),
        text(c.startTs()),
        text(c.endTs()),
        counts(c.counts()),
        null);
  }

  /** Counts keyed by the states' wire names, in the states' order, every state present. */
  public static Map<String, Integer> counts(Map<UpdateState, Integer> byState) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (UpdateState s : UpdateState.values()) {
      out.put(s.wire(), byState.getOrDefault(s, 0));
    }
    return out;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
