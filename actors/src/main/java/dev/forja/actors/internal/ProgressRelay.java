package dev.forja.actors.internal;

import dev.forja.actors.command.CommandProgress;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands one subscription's progress to a plain Java consumer, for the embedding facade. It stops
 * after the final progress, or when told {@link Stop}. Its messages are of two unrelated types, so
 * it is spawned as {@code Behavior<Object>} and the bridge gets it narrowed to {@link
 * CommandProgress}.
 */
public final class ProgressRelay {
  private ProgressRelay() {}

  /** Ends the relay before the command ends. */
  public enum Stop {
    INSTANCE
  }

  /** A relay calling {@code consumer} with each progress, on this actor's thread. */
  public static Behavior<Object> create(Consumer<CommandProgress> consumer) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Object.class)
                .onMessage(CommandProgress.class, p -> deliver(ctx.getLog(), consumer, p))
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build());
  }

  private static Behavior<Object> deliver(
      org.slf4j.Logger log, Consumer<CommandProgress> consumer, CommandProgress p) {
    try {
      consumer.accept(p);
    } catch (RuntimeException e) {
      // The consumer is the embedder's code: its failure must not end the subscription.
      log.warn("a progress consumer of command {} failed", p.commandId(), e);
    }
    return p.isFinal() ? Behaviors.stopped() : Behaviors.same();
  }
}
