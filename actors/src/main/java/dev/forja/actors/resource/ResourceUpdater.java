package dev.forja.actors.resource;

import dev.forja.actors.EngineContext;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.changeset.ResolveCache;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.resource.UpdaterScope.Reported;
import dev.forja.actors.resource.UpdaterScope.Work;
import dev.forja.actors.resource.internal.InFlightUpdate;
import dev.forja.actors.resource.internal.Lookups;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.resolve.Resolution;
import dev.forja.engine.resolve.Resolver;
import dev.forja.engine.settings.EngineSettings;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One node of a command's graph, driven to a final state.
 *
 * <pre>
 *  resolving ──► [preReading, UPDATE only] ──► mutating ◄──► pausing (backoff) ──► recording ──► ■
 *      └──────── unresolvable / gone / no plugin ─────────────────────────────────► recording
 * </pre>
 *
 * This class resolves references (through the command's resolve cache) and pre-reads an update's
 * resource; the attempt loop, with its tokens, retries and watchdog, is {@link UpdateMutation}'s;
 * recording the end (inventory first, then the journal, then {@link Ended}) is {@link
 * UpdateRecorder}'s. All three are states of this one actor. From its start to its stop it counts
 * as an update in flight in the engine's metrics, which learn its final state by operation.
 */
public final class ResourceUpdater {
  private final UpdaterScope scope;
  private final ResourceUpdate update;
  private final EngineSettings settings;
  private final UpdateRecorder recorder;
  private final UpdateMutation mutation;

  private ResourceUpdater(UpdaterScope scope) {
    this.scope = scope;
    this.update = scope.update;
    this.settings = scope.settings;
    this.recorder = new UpdateRecorder(scope);
    this.mutation = new UpdateMutation(scope, recorder);
  }

  /** Messages the updater takes (all internal). */
  public interface Command {}

  /**
   * What to run.
   *
   * @param commandId the command
   * @param update the update, as the persister holds it
   * @param operation the node's operation (a replace is a DELETE node then a CREATE node)
   * @param target the target it runs on
   * @param resume the call in flight before a restart, or null for a fresh start
   */
  public record Spec(
      String commandId,
      ResourceUpdate update,
      Operation operation,
      Target target,
      InFlight resume) {
    /** The node this runs. */
    public NodeKey node() {
      return new NodeKey(update.ksuid(), operation);
    }
  }

  /** Whom it talks to. */
  public record Peers(
      ActorRef<FormaCommandPersister.Command> persister,
      ActorRef<ResolveCache.Command> cache,
      ActorRef<ResourcePersister.Command> resources,
      ActorRef<RateLimiter.Command> limiter,
      ActorRef<Ended> replyTo) {}

  /**
   * Sent to the executor once the node's end is in the inventory (on success) and in the command's
   * journal.
   *
   * @param node the node
   * @param state SUCCESS, FAILED or REJECTED; CANCELED when the persister refused to start it
   * @param errorCode the failure's code, else null
   * @param message the failure's message, else null
   */
  public record Ended(NodeKey node, UpdateState state, String errorCode, String message) {}

  private record Looked(String ksuid, ResolveCache.Values values, Throwable failure)
      implements Command {}

  private enum ReadAgain implements Command {
    INSTANCE
  }

  /** An updater for {@code spec}. */
  public static Behavior<Command> create(Spec spec, EngineContext context, Peers peers) {
    return Behaviors.setup(
        ctx -> {
          InFlightUpdate<Command> inFlight =
              InFlightUpdate.start(Command.class, context.metrics(), spec.operation());
          return Behaviors.intercept(
              () -> inFlight,
              Behaviors.withTimers(
                  timers ->
                      new ResourceUpdater(
                              new UpdaterScope(ctx, timers, spec, context, peers, inFlight))
                          .start()));
        });
  }

  private Behavior<Command> start() {
    Target target = scope.spec.target();
    if (scope.engine.plugins().forNamespace(target.namespace()).isEmpty()) {
      return recorder.failed(
          0,
          ErrorCodes.PLUGIN_NOT_FOUND,
          "no plugin serves namespace " + target.namespace() + " of " + target.label());
    }
    Operation op = scope.spec.operation();
    if (op == Operation.READ || op == Operation.REPLACE) {
      // The planner makes neither; a replace runs as a DELETE node, then a CREATE node.
      return recorder.failed(
          0, ErrorCodes.INVALID_REQUEST, "a resource updater does not run " + op + " nodes");
    }
    if (op == Operation.DELETE) {
      return mutation.mutate(new Work(null, Map.of()));
    }
    Lookups lookups = Lookups.of(Resolver.producers(update.desired()));
    for (String ksuid : lookups.pending()) {
      scope.context.ask(
          ResolveCache.Values.class,
          scope.peers.cache(),
          scope.askTimeout(),
          replyTo -> new ResolveCache.Lookup(ksuid, replyTo),
          (values, failure) -> new Looked(ksuid, values, failure));
    }
    return lookups.isDone() ? resolved(lookups) : resolving(lookups);
  }

  private Behavior<Command> resolving(Lookups lookups) {
    return Behaviors.receive(Command.class)
        .onMessage(Looked.class, m -> onLooked(m, lookups))
        .build();
  }

  private Behavior<Command> onLooked(Looked looked, Lookups lookups) {
    Lookups next = lookups.answered(looked.ksuid(), looked.values(), looked.failure());
    return next.isDone() ? resolved(next) : resolving(next);
  }

  private Behavior<Command> resolved(Lookups lookups) {
    Resolution resolution = Resolver.resolve(update.desired(), lookups.values());
    String problems = lookups.problemsWith(resolution);
    if (problems != null) {
      return recorder.failed(0, ErrorCodes.INVALID_REQUEST, problems);
    }
    Work work = new Work(resolution, lookups.values());
    // A resumed update was pre-read before the restart; its call may be in flight now.
    return scope.spec.operation() == Operation.UPDATE && scope.spec.resume() == null
        ? preReading(work, 1)
        : mutation.mutate(work);
  }

  private Behavior<Command> preReading(Work work, int attempt) {
    scope.spawnOperator(NodeCalls.read(update, scope.priorNativeId(), scope.spec.target()));
    return Behaviors.receive(Command.class)
        .onMessage(Reported.class, m -> onPreRead(m.report(), work, attempt))
        .build();
  }

  private Behavior<Command> onPreRead(PluginOperator.Report report, Work work, int attempt) {
    ProgressResult read = report.result();
    if (read.status() == OperationStatus.SUCCESS) {
      return mutation.mutate(work);
    }
    if (ErrorCodes.NOT_FOUND.equals(read.errorCode())) {
      return recorder.failed(
          0,
          ErrorCodes.NOT_FOUND,
          update.key() + " (" + scope.priorNativeId() + ") was deleted outside Forja");
    }
    if ((report.timedOut() || read.retryable()) && attempt <= settings.maxRetries()) {
      scope.timers.startSingleTimer(
          ReadAgain.INSTANCE,
          ReadAgain.INSTANCE,
          settings.backoffWithJitter(attempt, scope.engine.random()));
      return Behaviors.receive(Command.class)
          .onMessage(ReadAgain.class, m -> preReading(work, attempt + 1))
          .build();
    }
    return recorder.failed(0, read.errorCode(), "reading it before the update: " + read.message());
  }
}
