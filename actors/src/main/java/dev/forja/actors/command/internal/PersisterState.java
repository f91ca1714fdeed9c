package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.engine.serialization.CborSerializable;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * What a command's persister holds: {@link Unknown} until the command is accepted, then the
 * command's {@link CommandData}.
 *
 * <p>{@link CommandData} is mutable (lesson L5: an update must not copy the command), so {@link
 * Unknown} must not be: Pekko reuses the empty state object when it restarts the actor after a
 * journal failure, and a mutated empty state would replay every event twice. Accepting therefore
 * creates a fresh {@link CommandData}; so does loading a snapshot.
 */
public sealed interface PersisterState extends CborSerializable
    permits PersisterState.Unknown, CommandData {

  /** Nothing was ever accepted under this command id. */
  record Unknown(@JsonProperty("CommandId") String commandId) implements PersisterState {}

  /**
   * Snapshots store an immutable {@link CommandSnapshot} copy, taken when Pekko asks for it (while
   * the actor is between messages), so a later update cannot change a snapshot being written. An
   * ended command's snapshot holds opaque values as salted digests only.
   */
  static SnapshotAdapter<PersisterState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PersisterState state) {
        if (!(state instanceof CommandData data)) {
          return state;
        }
        // An ended command's last snapshot is all that stays of it (its events are deleted then):
        // it keeps secrets only as digests.
        return data.state().isFinal() ? data.toSnapshot().digested() : data.toSnapshot();
      }

      @Override
      public PersisterState fromJournal(Object from) {
        return from instanceof CommandSnapshot snapshot
            ? CommandData.fromSnapshot(snapshot)
            : (PersisterState) from;
      }
    };
  }
}
