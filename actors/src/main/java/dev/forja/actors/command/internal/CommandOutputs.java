package dev.forja.actors.command.internal;

import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.store.CommandStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * What a command's persister tells the world once the journal has an event (lesson L6: the journal
 * first): progress to subscribers after every event, and the read model after accept, cancel and
 * every change of the command's state (the first attempt, completion).
 */
public final class CommandOutputs {
  private final CommandStore store;
  private final ActorRef<CommandProgress> progress;
  private final Logger log;

  /** Outputs to {@code store} and {@code progress}, logging to {@code log}. */
  public CommandOutputs(CommandStore store, ActorRef<CommandProgress> progress, Logger log) {
    this.store = store;
    this.progress = progress;
    this.log = log;
  }

  /** One progress per update {@code event} changed (one for the command if it changed none). */
  public void publish(CommandEvent event, CommandData d) {
    for (String ksuid : CommandData.changedBy(event)) {
      progress.tell(d.progress(ksuid, event.at()));
    }
  }

  /**
   * Writes the read model (opaque values redacted), then publishes. The write blocks the
   * persister's thread on purpose: it happens a handful of times in a command's life (accept, first
   * attempt, cancel, end), a JDBC store commits it in about a millisecond (one SQLite group commit,
   * or one PostgreSQL statement), and the reply that follows must find the row (L11: status shows
   * Canceling at once).
   */
  public void storeAndPublish(CommandEvent event, CommandData d) {
    try {
      store.put(Redaction.command(d.command()));
    } catch (RuntimeException e) {
      // The journal is the truth; the next accept, cancel or completion rewrites the row.
      log.error("command {}: read model write failed", d.commandId(), e);
    }
    publish(event, d);
  }
}
