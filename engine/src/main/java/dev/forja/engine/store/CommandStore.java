package dev.forja.engine.store;

import dev.forja.engine.command.FormaCommand;
import java.util.List;
import java.util.Optional;

/**
 * The command read model: each command as of its last state change (accepted, canceling, ended), so
 * that status and listing never replay a journal. Written only by the command's persister, after
 * the journal has the event it reflects (lesson L6: never a row without its command). Opaque values
 * are stored redacted.
 */
public interface CommandStore {

  /** Stores {@code command}, replacing the previous row with its id. */
  void put(FormaCommand command);

  /** The command with this id, if stored. */
  Optional<FormaCommand> find(String commandId);

  /** The most recent commands, newest first, at most {@code limit}. */
  List<FormaCommand> recent(int limit);
}
