package dev.forja.actors.changeset.internal;

import dev.forja.engine.command.CommandState;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** Callers of a cancel waiting for the command's state as recorded after it. */
public final class CancelWaiters {
  private final List<ActorRef<StatusReply<CommandState>>> waiting = new ArrayList<>();

  /** Adds {@code replyTo} (null adds nothing); returns this. */
  public CancelWaiters add(ActorRef<StatusReply<CommandState>> replyTo) {
    if (replyTo != null) {
      waiting.add(replyTo);
    }
    return this;
  }

  /** Whether anyone waits. */
  public boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** Replies {@code state} to everyone waiting, who then waits no more. */
  public void reply(CommandState state) {
    waiting.forEach(w -> w.tell(StatusReply.success(state)));
    waiting.clear();
  }

  /** Replies the error {@code why} to everyone waiting, who then waits no more. */
  public void fail(String why) {
    waiting.forEach(w -> w.tell(StatusReply.error(why)));
    waiting.clear();
  }
}
