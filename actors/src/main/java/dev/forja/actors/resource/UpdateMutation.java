package dev.forja.actors.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.resource.ResourceUpdater.Command;
import dev.forja.actors.resource.UpdaterScope.Reported;
import dev.forja.actors.resource.UpdaterScope.Work;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.settings.EngineSettings;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The mutating states of a {@link ResourceUpdater}: the attempt loop and its watchdog.
 *
 * <pre>
 *  recordingAttempt ──► mutating ──retryable failure──► pausing ──► recordingAttempt
 *                          │ └─ success without properties ──► readingBack ──► recorder
 *                          └─ success / final failure / watchdog ──────────► recorder
 * </pre>
 *
 * Each attempt's client token is in the journal before its call, so a resume polls the operation it
 * started, or repeats it with the same token, instead of starting another. A retry after the call
 * timeout reuses the token (the first request may still land); after a definite failure it takes
 * the next attempt's. One watchdog of {@link EngineSettings#updaterWatchdog()} bounds the whole
 * loop; derived from the operator's worst case, it never fires on a slow call that is still inside
 * its own timeout (lesson L3).
 */
final class UpdateMutation {
  private final UpdaterScope scope;
  private final UpdateRecorder recorder;
  private final EngineSettings settings;

  UpdateMutation(UpdaterScope scope, UpdateRecorder recorder) {
    this.scope = scope;
    this.recorder = recorder;
    this.settings = scope.settings;
  }

  private record AttemptRecorded(boolean applied, Throwable failure) implements Command {}

  /**
   * The persister's answer to a request-token record; package-private so later states can ignore
   * it.
   */
  record TokenRecorded(String token, Throwable failure) implements Command {}

  private enum Retry implements Command {
    INSTANCE
  }

  private enum Watchdog implements Command {
    INSTANCE
  }

  /** One attempt at the mutation; {@code nativeId} once the plugin named it. */
  private record Attempt(int number, String clientToken, String nativeId) {
    Attempt knowing(String id) {
      return id == null ? this : new Attempt(number, clientToken, id);
    }
  }

  /** Starts the mutation: fresh, or resumed through the spec's recorded tokens. */
  Behavior<Command> mutate(Work work) {
    scope.timers.startSingleTimer(Watchdog.INSTANCE, Watchdog.INSTANCE, settings.updaterWatchdog());
    if (scope.spec.operation() == Operation.DELETE && scope.priorNativeId() == null) {
      // Never created in the cloud (a create that failed, or a replace's create never ran).
      return recorder.deleted(0);
    }
    InFlight resume = scope.spec.resume();
    if (resume == null) {
      return recordAttempt(work, new Attempt(1, scope.token(1), null));
    }
    Attempt attempt = new Attempt(resume.attempt(), resume.clientToken(), null);
    if (resume.requestToken() == null) {
      // The token was recorded before the restart; the same token makes the repeat idempotent.
      return call(work, attempt);
    }
    scope.spawnOperator(
        new PluginOperator.Poll(
            NodeCalls.pluginOperation(scope.spec.operation()),
            scope.update.type(),
            resume.requestToken(),
            scope.spec.target()));
    return mutating(work, attempt);
  }

  private Behavior<Command> recordAttempt(Work work, Attempt attempt) {
    scope.context.askWithStatus(
        FormaCommandPersister.Recorded.class,
        scope.peers.persister(),
        scope.askTimeout(),
        replyTo ->
            new FormaCommandPersister.RecordAttempt(
                scope.update.ksuid(),
                scope.spec.operation(),
                attempt.number(),
                attempt.clientToken(),
                replyTo),
        (recorded, failure) ->
            new AttemptRecorded(recorded != null && recorded.applied(), failure));
    return Behaviors.receive(Command.class)
        .onMessage(AttemptRecorded.class, m -> onAttemptRecorded(m, work, attempt))
        .onMessage(Watchdog.class, m -> onWatchdog(attempt.number() - 1))
        .build();
  }

  private Behavior<Command> onAttemptRecorded(AttemptRecorded m, Work work, Attempt attempt) {
    if (m.failure() != null) {
      // Calling without the token on record could start a second operation after a restart.
      return recorder.failed(
          attempt.number() - 1,
          ErrorCodes.INTERNAL_FAILURE,
          "could not record attempt " + attempt.number() + ": " + m.failure().getMessage());
    }
    if (!m.applied()) {
      // The persister ignored the attempt: the node already ended (canceled while this updater was
      // starting). Calling the plugin now would change a resource the command says it left alone.
      scope
          .context
          .getLog()
          .info(
              "{} of {} ended before its call started",
              scope.spec.operation().wire(),
              scope.update.key());
      scope
          .peers
          .replyTo()
          .tell(
              new ResourceUpdater.Ended(
                  scope.spec.node(), UpdateState.CANCELED, null, "ended before its call started"));
      return Behaviors.stopped();
    }
    return call(work, attempt);
  }

  private Behavior<Command> call(Work work, Attempt attempt) {
    PluginOperator.Call call;
    try {
      call =
          NodeCalls.mutation(
              scope.update,
              scope.spec.operation(),
              scope.spec.target(),
              work.resolution(),
              scope.engine.plugins().schemas().schemaOf(scope.update.type()),
              attempt.clientToken());
    } catch (IllegalArgumentException e) {
      return recorder.failed(attempt.number() - 1, ErrorCodes.INVALID_REQUEST, e.getMessage());
    }
    scope.spawnOperator(call);
    return mutating(work, attempt);
  }

  private Behavior<Command> mutating(Work work, Attempt attempt) {
    return Behaviors.receive(Command.class)
        .onMessage(Reported.class, m -> onReport(m.report(), work, attempt))
        .onMessage(TokenRecorded.class, this::onTokenRecorded)
        .onMessage(Watchdog.class, m -> onWatchdog(attempt.number()))
        .build();
  }

  private Behavior<Command> onReport(PluginOperator.Report report, Work work, Attempt attempt) {
    ProgressResult result = report.result();
    if (!result.isDone()) {
      recordRequestToken(result);
      return mutating(work, attempt.knowing(result.nativeId()));
    }
    if (result.status() == OperationStatus.SUCCESS) {
      return succeeded(work, attempt.knowing(result.nativeId()), result);
    }
    boolean retry = report.timedOut() || result.retryable();
    if (!retry || attempt.number() > settings.maxRetries()) {
      return recorder.failed(attempt.number(), result.errorCode(), result.message());
    }
    int n = attempt.number() + 1;
    String token = report.timedOut() ? attempt.clientToken() : scope.token(n);
    return pausing(work, attempt.number(), new Attempt(n, token, attempt.nativeId()));
  }

  private void recordRequestToken(ProgressResult result) {
    scope.context.askWithStatus(
        FormaCommandPersister.Recorded.class,
        scope.peers.persister(),
        scope.askTimeout(),
        replyTo ->
            new FormaCommandPersister.RecordRequestToken(
                scope.update.ksuid(),
                scope.spec.operation(),
                result.requestToken(),
                result.nativeId(),
                replyTo),
        (recorded, failure) -> new TokenRecorded(result.requestToken(), failure));
  }

  private Behavior<Command> onTokenRecorded(TokenRecorded m) {
    if (m.failure() != null) {
      // Not fatal: a resume without it repeats the call with the recorded client token instead.
      scope
          .context
          .getLog()
          .warn("could not record request token {}: {}", m.token(), m.failure().getMessage());
    }
    return Behaviors.same();
  }

  private Behavior<Command> pausing(Work work, int attempts, Attempt next) {
    scope.timers.startSingleTimer(
        Retry.INSTANCE,
        Retry.INSTANCE,
        settings.backoffWithJitter(attempts, scope.engine.random()));
    return Behaviors.receive(Command.class)
        .onMessage(Retry.class, m -> recordAttempt(work, next))
        .onMessage(TokenRecorded.class, this::onTokenRecorded)
        .onMessage(Watchdog.class, m -> onWatchdog(attempts))
        .build();
  }

  private Behavior<Command> onWatchdog(int attempts) {
    // The operator may still be waiting on the plugin; its late report must not count.
    scope.context.getChildren().forEach(scope.context::stop);
    return recorder.failed(
        attempts,
        ErrorCodes.TIMEOUT,
        scope.spec.operation().wire()
            + " of "
            + scope.update.key()
            + " did not end within the updater watchdog ("
            + settings.updaterWatchdog()
            + ")");
  }

  private Behavior<Command> succeeded(Work work, Attempt attempt, ProgressResult result) {
    if (scope.spec.operation() == Operation.DELETE) {
      return recorder.deleted(attempt.number());
    }
    String nativeId = attempt.nativeId() != null ? attempt.nativeId() : scope.priorNativeId();
    ObjectNode forStore = work.resolution().forStore();
    if (result.properties() != null || nativeId == null) {
      return recorder.applied(forStore, nativeId, result.properties(), attempt.number());
    }
    // The cloud's outputs (Arn, Id) are what references to this resource resolve against.
    scope.timers.cancel(Watchdog.INSTANCE);
    scope.spawnOperator(NodeCalls.read(scope.update, nativeId, scope.spec.target()));
    return Behaviors.receive(Command.class)
        .onMessage(Reported.class, m -> onReadBack(m.report(), forStore, nativeId, attempt))
        // The token record may answer after the operation ended; the end record supersedes it.
        .onMessage(TokenRecorded.class, m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onReadBack(
      PluginOperator.Report report, ObjectNode forStore, String nativeId, Attempt attempt) {
    if (report.result().status() != OperationStatus.SUCCESS) {
      // The resource exists; without its outputs references to them fail later, naming them.
      scope
          .context
          .getLog()
          .warn("reading {} back failed: {}", scope.update.key(), report.result().message());
    }
    return recorder.applied(forStore, nativeId, report.result().properties(), attempt.number());
  }
}
