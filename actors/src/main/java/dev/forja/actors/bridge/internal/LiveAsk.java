package dev.forja.actors.bridge.internal;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.changeset.ChangesetExecutor;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * One ask of a command's live child (its persister or executor) for the bridge, which must not
 * wait: it answers, then stops. It watches the child, because a child may stop with the ask in its
 * mailbox (a persister stops right after completing): then the answer comes at once from {@code
 * onGone}, the read model, instead of after the whole ask timeout.
 */
public final class LiveAsk {
  private LiveAsk() {}

  /** Messages of an ask: its answer, or its target's end. */
  public sealed interface Command permits Answered, Gone {}

  private record Answered(Object value, Throwable failure) implements Command {}

  private enum Gone implements Command {
    INSTANCE
  }

  /**
   * Asks a command's persister for the live command; falls back to the read model when the
   * persister is gone or fails (it writes the read model before it stops).
   */
  public static Behavior<Command> status(
      String commandId,
      ActorRef<FormaCommandPersister.Command> persister,
      Duration timeout,
      Replies replies,
      ActorRef<StatusReply<FormaCommand>> replyTo) {
    Runnable stored = () -> replies.storedCommand(commandId, replyTo);
    return create(
        persister,
        FormaCommandPersister.GetCommand::new,
        FormaCommand.class,
        timeout,
        c -> replyTo.tell(StatusReply.success(c)),
        failure -> stored.run(),
        stored);
  }

  /**
   * Asks a command's executor to cancel; when the executor is gone, the command has ended and the
   * read model says how.
   */
  public static Behavior<Command> cancel(
      String commandId,
      ActorRef<ChangesetExecutor.Command> executor,
      Duration timeout,
      Replies replies,
      ActorRef<BridgeActor.CancelReply> replyTo) {
    return create(
        executor,
        ChangesetExecutor.Cancel::new,
        CommandState.class,
        timeout,
        state -> replyTo.tell(Replies.cancelReply(commandId, state)),
        failure -> replyTo.tell(new BridgeActor.CancelFailed(commandId, "no answer: " + failure)),
        () -> replies.cancelNotRunning(commandId, replyTo));
  }

  /**
   * Asks {@code target}, then runs exactly one of the callbacks, on this actor: {@code onAnswer}
   * with the answer, {@code onFailure} with an error reply or the timeout, or {@code onGone} if the
   * target stopped first. The callbacks only reply to someone: they share no state.
   */
  public static <Req, Res> Behavior<Command> create(
      ActorRef<Req> target,
      Function<ActorRef<StatusReply<Res>>, Req> request,
      Class<Res> answer,
      Duration timeout,
      Consumer<Res> onAnswer,
      Consumer<Throwable> onFailure,
      Runnable onGone) {
    return Behaviors.setup(
        ctx -> {
          ctx.watchWith(target, Gone.INSTANCE);
          ctx.askWithStatus(answer, target, timeout, request, Answered::new);
          return Behaviors.receive(Command.class)
              .onMessage(Answered.class, m -> answered(m, answer, onAnswer, onFailure))
              .onMessageEquals(Gone.INSTANCE, () -> gone(onGone))
              .build();
        });
  }

  private static <Res> Behavior<Command> answered(
      Answered m, Class<Res> answer, Consumer<Res> onAnswer, Consumer<Throwable> onFailure) {
    if (m.failure() != null) {
      onFailure.accept(m.failure());
    } else {
      onAnswer.accept(answer.cast(m.value()));
    }
    return Behaviors.stopped();
  }

  private static Behavior<Command> gone(Runnable onGone) {
    onGone.run();
    return Behaviors.stopped();
  }
}
