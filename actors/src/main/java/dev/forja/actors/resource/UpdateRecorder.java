package dev.forja.actors.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.changeset.ResolveCache;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.resource.ResourceUpdater.Command;
import dev.forja.actors.resource.internal.InFlightUpdate;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The recording states of a {@link ResourceUpdater}, once its node has ended: the inventory first
 * (so a node reported successful is already in it), then the resolve cache, then the command's
 * journal, then {@link ResourceUpdater.Ended} to the executor, and stop.
 *
 * <pre>
 *  storing ──► (cache Put) ──► finishing ──► Ended ■
 *     └── inventory write failed for good ──► finishing (FAILED)
 * </pre>
 *
 * A failed ask is retried after backoff, at most {@link EngineSettings#maxRetries()} times.
 */
final class UpdateRecorder {
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ResourceUpdater.Spec spec;
  private final ResourceUpdate update;
  private final EngineSettings settings;
  private final RandomGenerator random;
  private final ResourceUpdater.Peers peers;
  private final InFlightUpdate<Command> inFlight;
  private final Duration askTimeout;

  UpdateRecorder(UpdaterScope scope) {
    this.context = scope.context;
    this.timers = scope.timers;
    this.spec = scope.spec;
    this.update = scope.update;
    this.settings = scope.settings;
    this.random = scope.engine.random();
    this.peers = scope.peers;
    this.inFlight = scope.inFlight;
    this.askTimeout = scope.askTimeout();
  }

  private record Stored(Throwable failure) implements Command {}

  private record Finished(Throwable failure) implements Command {}

  private enum Again implements Command {
    INSTANCE
  }

  /** How the node ended, as the journal records it. */
  private record Outcome(
      UpdateState state,
      String nativeId,
      ObjectNode properties,
      int attempts,
      String errorCode,
      String message) {}

  /** One inventory write, and what references to the resource resolve against afterwards. */
  private record Write(
      Function<ActorRef<StatusReply<Done>>, ResourcePersister.Command> request,
      ObjectNode values) {}

  /** A CREATE or UPDATE node succeeded: {@code cloud} is what the cloud says the resource is. */
  Behavior<Command> applied(ObjectNode forStore, String nativeId, ObjectNode cloud, int attempts) {
    timers.cancelAll();
    ObjectNode readOnly = NodeCalls.readOnly(cloud, update.desired());
    InventoryResource row = NodeCalls.row(update, nativeId, forStore, readOnly);
    Write write =
        new Write(
            replyTo -> new ResourcePersister.Upsert(row, replyTo),
            NodeCalls.values(forStore, readOnly));
    return storing(
        write, new Outcome(UpdateState.SUCCESS, nativeId, cloud, attempts, null, null), 1);
  }

  /** A DELETE node succeeded (or had nothing to delete). */
  Behavior<Command> deleted(int attempts) {
    timers.cancelAll();
    Outcome outcome = new Outcome(UpdateState.SUCCESS, null, null, attempts, null, null);
    if (update.operation() != Operation.REPLACE) {
      return storing(
          new Write(replyTo -> new ResourcePersister.Remove(update.ksuid(), replyTo), null),
          outcome,
          1);
    }
    // The replace's create half follows; until it lands the row has no cloud resource behind it.
    InventoryResource prior = update.prior();
    InventoryResource row = NodeCalls.row(update, null, prior.properties(), null);
    return storing(
        new Write(replyTo -> new ResourcePersister.Upsert(row, replyTo), null), outcome, 1);
  }

  /** The node failed; nothing is written to the inventory. */
  Behavior<Command> failed(int attempts, String code, String message) {
    timers.cancelAll();
    return finishing(new Outcome(UpdateState.FAILED, null, null, attempts, code, message), 1);
  }

  private Behavior<Command> storing(Write write, Outcome outcome, int tries) {
    context.askWithStatus(
        Done.class,
        peers.resources(),
        askTimeout,
        write.request()::apply,
        (done, failure) -> new Stored(failure));
    return Behaviors.receive(Command.class)
        .onMessage(Stored.class, m -> onStored(m, write, outcome, tries))
        // A request-token record may answer after the operation ended; the end record supersedes
        // it.
        .onMessage(UpdateMutation.TokenRecorded.class, m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onStored(Stored stored, Write write, Outcome outcome, int tries) {
    if (stored.failure() == null) {
      if (write.values() != null) {
        peers.cache().tell(new ResolveCache.Put(update.ksuid(), write.values()));
      }
      return finishing(outcome, 1);
    }
    if (tries <= settings.maxRetries()) {
      return pause(tries, () -> storing(write, outcome, tries + 1));
    }
    // The cloud changed but the inventory cannot say so: the honest end is a failure naming it.
    String why =
        spec.operation().wire()
            + " succeeded (native id "
            + outcome.nativeId()
            + ") but the inventory could not be written: "
            + stored.failure().getMessage();
    return finishing(
        new Outcome(
            UpdateState.FAILED,
            outcome.nativeId(),
            null,
            outcome.attempts(),
            ErrorCodes.INTERNAL_FAILURE,
            why),
        1);
  }

  private Behavior<Command> finishing(Outcome outcome, int tries) {
    context.askWithStatus(
        FormaCommandPersister.Recorded.class,
        peers.persister(),
        askTimeout,
        replyTo ->
            new FormaCommandPersister.RecordFinished(
                update.ksuid(),
                spec.operation(),
                outcome.state(),
                outcome.nativeId(),
                outcome.properties(),
                outcome.attempts(),
                outcome.errorCode(),
                outcome.message(),
                replyTo),
        (recorded, failure) -> new Finished(failure));
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, m -> onFinished(m, outcome, tries))
        // A request-token record may answer after the operation ended; the end record supersedes
        // it.
        .onMessage(UpdateMutation.TokenRecorded.class, m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onFinished(Finished finished, Outcome outcome, int tries) {
    if (finished.failure() != null) {
      if (tries <= settings.maxRetries()) {
        return pause(tries, () -> finishing(outcome, tries + 1));
      }
      // Trade-off: the journal may not hold this end. Staying alive would stall the command
      // forever; telling the executor lets it finish, and a restart re-drives the node from its
      // recorded token (a create is then polled or repeated idempotently, never done twice).
      context
          .getLog()
          .error(
              "could not record the end ({}) of {} {}: {}",
              outcome.state(),
              spec.operation().wire(),
              update.key(),
              finished.failure().getMessage());
    }
    inFlight.ended(outcome.state());
    peers
        .replyTo()
        .tell(
            new ResourceUpdater.Ended(
                spec.node(), outcome.state(), outcome.errorCode(), outcome.message()));
    return Behaviors.stopped();
  }

  private Behavior<Command> pause(int retry, Supplier<Behavior<Command>> then) {
    timers.startSingleTimer(
        Again.INSTANCE, Again.INSTANCE, settings.backoffWithJitter(retry, random));
    return Behaviors.receive(Command.class)
        .onMessage(Again.class, m -> then.get())
        // A request-token record may answer after the operation ended; the end record supersedes
        // it.
        .onMessage(UpdateMutation.TokenRecorded.class, m -> Behaviors.same())
        .build();
  }
}
