package dev.forja.loadtest.journal;

import dev.forja.engine.serialization.CborSerializable;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A persistent actor that persists one event after another for as long as the load runs: persist,
 * and once the journal has confirmed it, persist the next. Each persist's latency, from the command
 * to the confirmation, goes to the {@link Load}.
 */
final class JournalWriter
    extends EventSourcedBehavior<JournalWriter.Command, JournalWriter.Appended, Long> {

  /** The writer's commands: it sends them to itself. */
  sealed interface Command permits Next, Stop {}

  /** Persist the next event. */
  enum Next implements Command {
    INSTANCE
  }

  /** The load is draining: stop. */
  enum Stop implements Command {
    INSTANCE
  }

  /**
   * The one event: its number in the writer's stream and a filler of the configured size.
   *
   * @param number 1, 2, 3, ... in the writer's stream
   * @param filler the payload, {@code --payload-bytes} characters
   */
  record Appended(long number, String filler) implements CborSerializable {}

  private final ActorContext<Command> context;
  private final Load load;
  private final String filler;

  private JournalWriter(
      PersistenceId persistenceId, ActorContext<Command> context, Load load, String filler) {
    super(persistenceId);
    this.context = context;
    this.load = load;
    this.filler = filler;
  }

  /** A writer on {@code persistenceId} that starts persisting once it has recovered. */
  static Behavior<Command> create(String persistenceId, Load load, String filler) {
    return Behaviors.setup(
        context ->
            new JournalWriter(PersistenceId.ofUniqueId(persistenceId), context, load, filler));
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public SignalHandler<Long> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> context.getSelf().tell(Next.INSTANCE))
        .build();
  }

  @Override
  public CommandHandler<Command, Appended, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Next.class, this::onNext)
        .onCommand(Stop.class, (state, stop) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<Long, Appended> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Appended.class, (state, event) -> event.number())
        .build();
  }

  private Effect<Appended, Long> onNext(Long state, Next next) {
    long started = System.nanoTime();
    return Effect()
        .persist(new Appended(state + 1, filler))
        .thenRun(persisted -> onPersisted(started));
  }

  private void onPersisted(long started) {
    load.persisted(System.nanoTime() - started);
    context.getSelf().tell(load.draining() ? Stop.INSTANCE : Next.INSTANCE);
  }
}
