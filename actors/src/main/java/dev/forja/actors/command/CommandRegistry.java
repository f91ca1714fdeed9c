package dev.forja.actors.command;

import dev.forja.actors.command.internal.OpenCommands;
import dev.forja.actors.command.internal.RegistryEvent;
import dev.forja.actors.command.internal.RegistryEvent.CommandEnded;
import dev.forja.actors.command.internal.RegistryEvent.CommandRegistered;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The durable list of commands that have not ended (one event-sourced actor, persistence id {@code
 * CommandRegistry|open}): what start-up resumes (lessons L1, L2). Registering and ending are
 * idempotent: a repeat replies success and persists nothing.
 */
public final class CommandRegistry
    extends EventSourcedBehaviorWithEnforcedReplies<
        CommandRegistry.Command, RegistryEvent, OpenCommands> {

  /** The persistence id's entity type. */
  public static final String TYPE = "CommandRegistry";

  /** The persistence id's entity id: there is one registry. */
  public static final String ID = "open";

  // Journal-failure restarts. The registry has no EngineSettings (its create() takes only the
  // snapshot interval); these are not timeouts anyone waits on, only how hard a failing journal is
  // retried, so constants matching the default retry backoff (1s doubling to 30s, 20% jitter) do.
  private static final Duration RESTART_MIN = Duration.ofSeconds(1);
  private static final Duration RESTART_MAX = Duration.ofSeconds(30);
  private static final double RESTART_JITTER = 0.2;

  /** Messages the registry takes. */
  public sealed interface Command permits Register, Ended, GetOpen {}

  /** Records a command as open, before its persister accepts it. */
  public record Register(String commandId, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Records a command as ended. */
  public record Ended(String commandId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Replies with the ids of every open command, in registration order. */
  public record GetOpen(ActorRef<Set<String>> replyTo) implements Command {}

  private final int snapshotEvery;

  /** The registry; it snapshots every {@code snapshotEvery} events. */
  public static Behavior<Command> create(int snapshotEvery) {
    return new CommandRegistry(snapshotEvery);
  }

  private CommandRegistry(int snapshotEvery) {
    super(
        PersistenceId.of(TYPE, ID),
        SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, RESTART_JITTER));
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshotEvery must be at least 1, got " + snapshotEvery);
    }
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public OpenCommands emptyState() {
    return OpenCommands.none();
  }

  // Keeping two snapshots lets recovery fall back to the older one if the newest is unreadable.
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, RegistryEvent, OpenCommands> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Ended.class, this::onEnded)
        .onCommand(GetOpen.class, (open, c) -> Effect().reply(c.replyTo(), open.ids()))
        .build();
  }

  @Override
  public EventHandler<OpenCommands, RegistryEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(CommandRegistered.class, (open, e) -> open.with(e.commandId()))
        .onEvent(CommandEnded.class, (open, e) -> open.without(e.commandId()))
        .build();
  }

  private ReplyEffect<RegistryEvent, OpenCommands> onRegister(OpenCommands open, Register c) {
    if (open.contains(c.commandId())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new CommandRegistered(c.commandId()))
        .thenReply(c.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<RegistryEvent, OpenCommands> onEnded(OpenCommands open, Ended c) {
    if (!open.contains(c.commandId())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new CommandEnded(c.commandId()))
        .thenReply(c.replyTo(), s -> StatusReply.ack());
  }
}
