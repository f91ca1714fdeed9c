package dev.forja.actors.bridge.internal;

import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.engine.settings.EngineSettings;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Loads one command the registry lists as open, at start-up, then reports and stops: whether it
 * resumes (with its view, whose resources the bridge must hold before it admits anything new) or
 * has nothing left to run. A child of the bridge per open command, so commands load in parallel.
 *
 * <pre>
 *  sizing ──► loading ──► Resumable
 *               │ ▲ └───► NotResumable   (never accepted, already ended, persister stopped)
 *               └─┘ timed out: ask again
 * </pre>
 */
public final class Resumer {
  private Resumer() {}

  /** Messages the resumer takes. */
  public sealed interface Command permits Sized, Loaded, PersisterStopped {}

  private record Sized(int updates) implements Command {}

  private record Loaded(CommandView view, Throwable failure) implements Command {}

  private enum PersisterStopped implements Command {
    INSTANCE
  }

  /** What loading came to. */
  public sealed interface Outcome permits Resumable, NotResumable {
    /** The command loaded. */
    String commandId();
  }

  /** The command has updates to run. */
  public record Resumable(String commandId, CommandView view) implements Outcome {}

  /**
   * Nothing to run: the command ended, was never accepted ({@code end}: end it in the registry), or
   * its persister stopped (it resumes at the next start).
   */
  public record NotResumable(String commandId, boolean end, String reason) implements Outcome {}

  /**
   * A resumer of {@code commandId}, whose persister is {@code persister}. {@code updateCount} reads
   * the command's size from the read model (off the actor's thread), which sizes the ask timeout.
   */
  public static Behavior<Command> create(
      String commandId,
      ActorRef<FormaCommandPersister.Command> persister,
      EngineSettings settings,
      CompletionStage<Optional<Integer>> updateCount,
      ActorRef<Outcome> onDone) {
    return Behaviors.setup(
        ctx -> {
          ctx.watchWith(persister, PersisterStopped.INSTANCE);
          // Recovery replays up to a snapshot's worth of events per update (L3, L5): size the wait.
          ctx.pipeToSelf(updateCount, (n, t) -> new Sized(n == null ? 0 : n.orElse(0)));
          return new Loading(ctx, commandId, persister, settings, onDone).sizing();
        });
  }

  private record Loading(
      ActorContext<Command> ctx,
      String commandId,
      ActorRef<FormaCommandPersister.Command> persister,
      EngineSettings settings,
      ActorRef<Outcome> onDone) {

    Behavior<Command> sizing() {
      return Behaviors.receive(Command.class)
          .onMessage(Sized.class, this::onSized)
          .onMessageEquals(PersisterStopped.INSTANCE, this::onPersisterStopped)
          .build();
    }

    Behavior<Command> loading(int updates) {
      return Behaviors.receive(Command.class)
          .onMessage(Loaded.class, m -> onLoaded(m, updates))
          .onMessageEquals(PersisterStopped.INSTANCE, this::onPersisterStopped)
          .build();
    }

    private Behavior<Command> onSized(Sized m) {
      ctx.askWithStatus(
          CommandView.class,
          persister,
          settings.persisterAskTimeout(m.updates()),
          FormaCommandPersister.GetView::new,
          Loaded::new);
      return loading(m.updates());
    }

    private Behavior<Command> onLoaded(Loaded m, int updates) {
      if (m.failure() instanceof TimeoutException) {
        ctx.getLog().warn("command {} did not load in time; asking again", commandId);
        return onSized(new Sized(updates));
      }
      if (m.failure() != null) {
        return done(new NotResumable(commandId, true, "never accepted: " + m.failure()));
      }
      if (m.view().command().state().isFinal()) {
        return done(new NotResumable(commandId, true, "already " + m.view().command().state()));
      }
      return done(new Resumable(commandId, m.view()));
    }

    private Behavior<Command> onPersisterStopped() {
      return done(new NotResumable(commandId, false, "its persister stopped while loading"));
    }

    private Behavior<Command> done(Outcome outcome) {
      onDone.tell(outcome);
      return Behaviors.stopped();
    }
  }
}
