package dev.forja.actors.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.EngineContext;
import dev.forja.actors.command.internal.CommandData;
import dev.forja.actors.command.internal.CommandEvent;
import dev.forja.actors.command.internal.CommandEvent.CancelRequested;
import dev.forja.actors.command.internal.CommandEvent.CommandAccepted;
import dev.forja.actors.command.internal.CommandEvent.CommandFinished;
import dev.forja.actors.command.internal.CommandEvent.DependentsFailed;
import dev.forja.actors.command.internal.CommandEvent.UpdateAttemptStarted;
import dev.forja.actors.command.internal.CommandEvent.UpdateFinished;
import dev.forja.actors.command.internal.CommandEvent.UpdateRequestTokenRecorded;
import dev.forja.actors.command.internal.CommandOutputs;
import dev.forja.actors.command.internal.Decision;
import dev.forja.actors.command.internal.PersisterState;
import dev.forja.actors.command.internal.PersisterState.Unknown;
import dev.forja.actors.command.internal.Redaction;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;

/**
 * A command's durable state: one event-sourced actor per command (persistence id {@code
 * FormaCommand|<commandId>}). Each record appends one small event (lesson L5) and a final state,
 * once recorded, never changes (L1): late and duplicate records reply {@code Recorded(false)} and
 * persist nothing. After each event it publishes a {@link CommandProgress}; the {@link
 * dev.forja.engine.store.CommandStore} read model is written, journal first (L6), on accept, cancel
 * and completion only. The command's state lives in {@link CommandData}. Each event's journal
 * latency and each change of the command's state go to the engine's metrics.
 */
public final class FormaCommandPersister
    extends EventSourcedBehaviorWithEnforcedReplies<
        FormaCommandPersister.Command, CommandEvent, PersisterState> {

  /** The persistence id's entity type. */
  public static final String TYPE = "FormaCommand";

  /** Messages a command's persister takes. */
  public sealed interface Command
      permits Accept,
          GetView,
          GetCommand,
          RecordAttempt,
          RecordRequestToken,
          RecordFinished,
          RecordDependentsFailed,
          RecordCancel,
          Complete {}

  /**
   * Records a newly planned command: {@code command} (every update NotStarted, state NotStarted),
   * its graph's edges and its targets. Replies once it is in the journal and the read model.
   */
  public record Accept(
      FormaCommand command,
      List<GraphEdge> edges,
      List<Target> targets,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Replies with the command as recovered, or an error when this id was never accepted. */
  public record GetView(ActorRef<StatusReply<CommandView>> replyTo) implements Command {}

  /** Replies with the command's current state (opaque values redacted), or an error if unknown. */
  public record GetCommand(ActorRef<StatusReply<FormaCommand>> replyTo) implements Command {}

  /**
   * Records that attempt {@code attempt} of a node's mutating call is about to be made with {@code
   * clientToken}, before the call (so a resume re-drives it through the token). The update moves to
   * InProgress; the command to InProgress if it was NotStarted.
   */
  public record RecordAttempt(
      String ksuid,
      Operation operation,
      int attempt,
      String clientToken,
      ActorRef<StatusReply<Recorded>> replyTo)
      implements Command {}

  /**
   * Records the plugin's token for polling a node's in-progress call, and the native id if known.
   */
  public record RecordRequestToken(
      String ksuid,
      Operation operation,
      String requestToken,
      String nativeId,
      ActorRef<StatusReply<Recorded>> replyTo)
      implements Command {}

  /**
   * Records a node's end. For the DELETE node of a replace a SUCCESS leaves the update InProgress;
   * otherwise {@code state} becomes the update's final state. Ignored (replying {@code
   * Recorded(false)}) when the update is already final: a final state never changes.
   *
   * @param properties the cloud's view of the resource after a successful create or update, else
   *     null
   */
  public record RecordFinished(
      String ksuid,
      Operation operation,
      UpdateState state,
      String nativeId,
      ObjectNode properties,
      int attempts,
      String errorCode,
      String message,
      ActorRef<StatusReply<Recorded>> replyTo)
      implements Command {}

  /** Fails updates that were never started because something they depend on failed. */
  public record RecordDependentsFailed(
      List<String> ksuids,
      String errorCode,
      String message,
      ActorRef<StatusReply<Recorded>> replyTo)
      implements Command {}

  /**
   * Moves the command to Canceling at once and cancels {@code notStarted} updates. Replies with the
   * command's state afterwards (Canceling, or the final state if it had already ended).
   */
  public record RecordCancel(List<String> notStarted, ActorRef<StatusReply<CommandState>> replyTo)
      implements Command {}

  /**
   * Ends the command: its final state is what its updates' final states imply (Canceled once a
   * cancel was requested). Writes the read model, publishes the final progress, replies, stops.
   */
  public record Complete(ActorRef<StatusReply<CommandState>> replyTo) implements Command {}

  /** Whether a record changed the command ({@code false}: late or duplicate, ignored). */
  public record Recorded(boolean applied) {}

  private static final StatusReply<Recorded> APPLIED = StatusReply.success(new Recorded(true));
  private static final StatusReply<Recorded> IGNORED = StatusReply.success(new Recorded(false));

  private final String commandId;
  private final EngineContext context;
  private final CommandOutputs outputs;
  private final Logger log;

  /**
   * The persister of command {@code commandId}. Every recorded change is published as a {@link
   * CommandProgress} to {@code progress}.
   */
  public static Behavior<Command> create(
      String commandId, EngineContext context, ActorRef<CommandProgress> progress) {
    return Behaviors.setup(
        ctx -> new FormaCommandPersister(commandId, context, progress, ctx.getLog()));
  }

  private FormaCommandPersister(
      String commandId, EngineContext context, ActorRef<CommandProgress> progress, Logger log) {
    super(PersistenceId.of(TYPE, commandId), journalBackoff(context.settings()));
    this.commandId = commandId;
    this.context = context;
    this.outputs = new CommandOutputs(context.commands(), progress, log);
    this.log = log;
  }

  // A journal that fails a write restarts the actor, which recovers and then takes messages again.
  // The plugin-retry backoff is the right shape for a struggling store too (1s doubling to 30s
  // with jitter by default); asks to this actor time out meanwhile and their callers retry.
  private static BackoffSupervisorStrategy journalBackoff(EngineSettings s) {
    return SupervisorStrategy.restartWithBackoff(
        s.backoffBase(), s.backoffMax(), s.backoffJitter());
  }

  @Override
  public PersisterState emptyState() {
    return new Unknown(commandId);
  }

  /**
   * Snapshot when the events since the last one reach max(snapshot-every, 2 × updates): recovery
   * replays a bounded tail, and the O(n) snapshot copy costs O(1) per event amortized (L5). A
   * command of n updates journals about 3n events, so it snapshots once in its run and once when it
   * finishes; that last snapshot (opaque values digested) is all that stays once the {@link
   * JournalJanitor} has deleted the events and older snapshots. No retention criteria: Pekko's
   * count-based one cannot follow a period known only after the first event.
   */
  @Override
  public boolean shouldSnapshot(PersisterState state, CommandEvent event, long sequenceNr) {
    int period = Math.max(context.settings().persisterSnapshotEvery(), 2 * size(state));
    return event instanceof CommandFinished || sequenceNr % period == 0;
  }

  @Override
  public SnapshotAdapter<PersisterState> snapshotAdapter() {
    return PersisterState.snapshotAdapter();
  }

  /** A command found not ended on recovery counts as in its state again (the metrics forgot it). */
  @Override
  public SignalHandler<PersisterState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  private void onRecovered(PersisterState state) {
    if (state instanceof CommandData d && !d.state().isFinal()) {
      context.metrics().commandState(commandId, d.state());
    }
  }

  @Override
  public CommandHandlerWithReply<Command, CommandEvent, PersisterState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, CommandEvent, PersisterState> b =
        newCommandHandlerWithReplyBuilder();
    b.forStateType(Unknown.class)
        .onCommand(Accept.class, this::onAccept)
        .onCommand(GetView.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(GetCommand.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RecordAttempt.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RecordRequestToken.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RecordFinished.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RecordDependentsFailed.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(RecordCancel.class, c -> Effect().reply(c.replyTo(), unknown()))
        .onCommand(Complete.class, c -> Effect().reply(c.replyTo(), unknown()));
    b.forStateType(CommandData.class)
        // The bridge may repeat an Accept whose reply it lost: the command is already journaled.
        .onCommand(Accept.class, (d, c) -> Effect().reply(c.replyTo(), StatusReply.ack()))
        .onCommand(
            GetView.class, (d, c) -> Effect().reply(c.replyTo(), StatusReply.success(d.view())))
        .onCommand(
            GetCommand.class,
            (d, c) ->
                Effect().reply(c.replyTo(), StatusReply.success(Redaction.command(d.command()))))
        .onCommand(
            RecordAttempt.class, (d, c) -> record(d, Decision.attempt(d, c, now()), c.replyTo()))
        .onCommand(
            RecordRequestToken.class,
            (d, c) -> record(d, Decision.requestToken(d, c, now()), c.replyTo()))
        .onCommand(
            RecordFinished.class, (d, c) -> record(d, Decision.finished(d, c, now()), c.replyTo()))
        .onCommand(
            RecordDependentsFailed.class,
            (d, c) -> record(d, Decision.dependentsFailed(d, c, now()), c.replyTo()))
        .onCommand(RecordCancel.class, this::onRecordCancel)
        .onCommand(Complete.class, this::onComplete);
    return b.build();
  }

  @Override
  public EventHandler<PersisterState, CommandEvent> eventHandler() {
    EventHandlerBuilder<PersisterState, CommandEvent> b = newEventHandlerBuilder();
    b.forStateType(Unknown.class).onEvent(CommandAccepted.class, CommandData::accepted);
    b.forStateType(CommandData.class)
        .onEvent(UpdateAttemptStarted.class, CommandData::onAttemptStarted)
        .onEvent(UpdateRequestTokenRecorded.class, CommandData::onRequestTokenRecorded)
        .onEvent(UpdateFinished.class, CommandData::onFinished)
        .onEvent(DependentsFailed.class, CommandData::onDependentsFailed)
        .onEvent(CancelRequested.class, CommandData::onCancelRequested)
        .onEvent(CommandFinished.class, CommandData::onCommandFinished);
    return b.build();
  }

  private ReplyEffect<CommandEvent, PersisterState> onAccept(Accept c) {
    if (!commandId.equals(c.command().id())) {
      return Effect()
          .reply(
              c.replyTo(),
              StatusReply.error("command " + c.command().id() + " is not " + commandId));
    }
    CommandAccepted accepted =
        new CommandAccepted(commandId, c.command(), c.edges(), c.targets(), now());
    long sent = System.nanoTime();
    return Effect()
        .persist(accepted)
        .thenRun((CommandData d) -> storeAndPublish(accepted, d, sent))
        .thenReply(c.replyTo(), d -> StatusReply.ack());
  }

  // The read model changes too: status shows Canceling at once (L11).
  private ReplyEffect<CommandEvent, PersisterState> onRecordCancel(CommandData d, RecordCancel c) {
    List<String> canceled = d.notStarted(c.notStarted());
    if (d.state().isFinal() || (d.cancelRequested() && canceled.isEmpty())) {
      return Effect().reply(c.replyTo(), StatusReply.success(d.state()));
    }
    CancelRequested event = new CancelRequested(commandId, canceled, now());
    long sent = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun((CommandData s) -> storeAndPublish(event, s, sent))
        .thenReply(c.replyTo(), s -> StatusReply.success(((CommandData) s).state()));
  }

  private ReplyEffect<CommandEvent, PersisterState> onComplete(CommandData d, Complete c) {
    if (d.state().isFinal()) {
      return Effect().stop().thenReply(c.replyTo(), s -> StatusReply.success(d.state()));
    }
    if (d.unfinished() > 0) {
      log.warn("command {} completes with {} unfinished updates", commandId, d.unfinished());
    }
    CommandFinished event = new CommandFinished(commandId, d.finalState(), now());
    long sent = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun((CommandData s) -> storeAndPublish(event, s, sent))
        .thenStop()
        .thenReply(c.replyTo(), s -> StatusReply.success(event.state()));
  }

  private ReplyEffect<CommandEvent, PersisterState> record(
      CommandData d, Decision decision, ActorRef<StatusReply<Recorded>> replyTo) {
    if (decision.error() != null) {
      return Effect().reply(replyTo, StatusReply.error(decision.error()));
    }
    if (decision.event() == null) {
      // Late and duplicate records are expected after restarts and races: not an error (L1, L4).
      log.info("command {}: ignoring {}", commandId, decision.ignored());
      return Effect().reply(replyTo, IGNORED);
    }
    CommandEvent event = decision.event();
    // The read model follows the command's state (NotStarted to InProgress on the first attempt),
    // so a listing never shows a running command as NotStarted, after a restart least of all (L2).
    CommandState was = d.state();
    long sent = System.nanoTime();
    return Effect()
        .persist(event)
        .thenRun(
            (CommandData after) -> {
              if (after.state() != was) {
                storeAndPublish(event, after, sent);
              } else {
                persisted(sent);
                outputs.publish(event, after);
              }
            })
        .thenReply(replyTo, after -> APPLIED);
  }

  /**
   * After an event that changed the command's state reached the journal ({@code sent}: when it was
   * handed to it, by {@link System#nanoTime()}): its latency, then the read model and progress,
   * then the new state to the metrics.
   */
  private void storeAndPublish(CommandEvent event, CommandData d, long sent) {
    persisted(sent);
    outputs.storeAndPublish(event, d);
    context.metrics().commandState(commandId, d.state());
  }

  private void persisted(long sent) {
    context.metrics().persisted(Duration.ofNanos(System.nanoTime() - sent));
  }

  private Instant now() {
    return context.clock().instant();
  }

  private <T> StatusReply<T> unknown() {
    return StatusReply.error("no command " + commandId);
  }

  private static int size(PersisterState state) {
    return state instanceof CommandData d ? d.size() : 0;
  }
}
