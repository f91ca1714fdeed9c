package dev.forja.actors.command;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import java.time.Instant;
import java.util.Map;

/**
 * What subscribers see after each recorded change of a command: its state and counts, and the
 * update that changed (null when only the command's state changed). The last one a subscriber gets
 * has a final {@code state}.
 *
 * @param commandId the command
 * @param state the command's state after the change
 * @param counts updates per state, every state present
 * @param update the update that changed, desired state redacted, or null
 * @param at when the change was recorded
 */
public record CommandProgress(
    String commandId,
    CommandState state,
    Map<UpdateState, Integer> counts,
    ResourceUpdate update,
    Instant at) {

  /** Whether this is the command's last progress. */
  public boolean isFinal() {
    return state.isFinal();
  }
}
