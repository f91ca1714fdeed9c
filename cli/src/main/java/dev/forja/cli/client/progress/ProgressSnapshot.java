package dev.forja.cli.client.progress;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a progress display shows at one moment of a command: built by {@link ProgressTracker}, drawn
 * by a {@link ProgressRenderer}.
 *
 * @param commandId the command
 * @param state the command's state
 * @param counts updates per state, every state present
 * @param changed the update whose change made this snapshot, or null
 * @param inFlight the updates a plugin call has been sent for (InProgress), oldest first
 * @param failures the updates that ended Failed or Rejected, in the order they did
 * @param elapsed how long the command has been watched, or has run when known
 */
public record ProgressSnapshot(
    String commandId,
    CommandState state,
    Map<UpdateState, Integer> counts,
    UpdateView changed,
    List<UpdateView> inFlight,
    List<UpdateView> failures,
    Duration elapsed) {
  public ProgressSnapshot {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(state, "state");
    Map<UpdateState, Integer> all = new EnumMap<>(UpdateState.class);
    for (UpdateState s : UpdateState.values()) {
      all.put(s, counts.getOrDefault(s, 0));
    }
    counts = Collections.unmodifiableMap(all);
    inFlight = List.copyOf(inFlight);
    failures = List.copyOf(failures);
  }

  /** How many updates the command has. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** How many updates have ended, whatever their result. */
  public int done() {
    int done = 0;
    for (UpdateState s : UpdateState.values()) {
      done += s.isFinal() ? counts.get(s) : 0;
    }
    return done;
  }

  /** The number of updates in {@code s}. */
  public int count(UpdateState s) {
    return counts.get(s);
  }

  /** Whether the command has ended: this snapshot is the last. */
  public boolean ended() {
    return state.isFinal();
  }
}
