package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import java.util.Map;

/**
 * The data of one {@code progress} event of {@code GET /api/v1/commands/{id}/events}.
 *
 * @param commandId the command
 * @param state the command's state after the change
 * @param counts updates per state, every state present
 * @param update the update that changed, or null when only the command's state changed (and on the
 *     first event, which shows the command as it was when the stream began)
 * @param isFinal whether this is the last event: the command has ended
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"CommandId", "State", "Counts", "Update", "Final"})
public record ProgressEvent(
    @JsonProperty("CommandId") String commandId,
    @JsonProperty("State") CommandState state,
    @JsonProperty("Counts") Map<String, Integer> counts,
    @JsonProperty("Update") UpdateStatus update,
    @JsonProperty("Final") boolean isFinal) {

  /** The event of one engine progress. */
  public static ProgressEvent of(CommandProgress p) {
    return new ProgressEvent(
        p.commandId(),
        p.state(),
        CommandStatus.counts(p.counts()),
        p.update() == null ? null : UpdateStatus.of(p.update()),
        p.isFinal());
  }

  /** The event that opens a stream: the command as it is now. */
  public static ProgressEvent snapshotOf(FormaCommand c) {
    return new ProgressEvent(
        c.id(), c.state(), CommandStatus.counts(c.counts()), null, c.state().isFinal());
  }
}
