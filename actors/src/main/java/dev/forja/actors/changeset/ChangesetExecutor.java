package dev.forja.actors.changeset;

import dev.forja.actors.EngineContext;
import dev.forja.actors.changeset.internal.CancelWaiters;
import dev.forja.actors.changeset.internal.GraphRun;
import dev.forja.actors.changeset.internal.PersisterRequest;
import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.resource.ResourcePersister;
import dev.forja.actors.resource.ResourceUpdater;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * Drives one command's dependency graph to its end. An FSM, one method per state:
 *
 * <pre>
 *  NotStarted ─Start|Cancel─► Loading ─view─► Processing ─Cancel─► Canceling
 *                              │  │               │                 ▲   │
 *                              │  └─view Canceling (a resume)───────┘   │
 *                              │                  │ all nodes ended     │ nothing runs
 *                              │                  ▼                     │
 *                              │           Ended: Complete asked ◄──────┘
 *                              │                  │ answered
 *                              └─view final───────┴─► tell onEnded, stop
 * </pre>
 *
 * Canceling and Ended handle every message of the protocol, each with the reason (lesson L4).
 */
public final class ChangesetExecutor {

  /** Messages the executor takes. */
  public sealed interface Command
      permits Start, Cancel, UpdaterEnded, UpdaterStopped, Answered, RetryAsk {}

  /**
   * Starts the command, or resumes it after a restart: loads it from its persister, keeps final
   * states, re-drives calls in flight through their tokens, starts what never started.
   */
  public enum Start implements Command {
    INSTANCE
  }

  /**
   * Cancels the command: it is Canceling at once, updates not started are canceled, calls in flight
   * finish and are recorded. Replies with the command's state afterwards.
   */
  public record Cancel(ActorRef<StatusReply<CommandState>> replyTo) implements Command {}

  /**
   * Sent to {@code onEnded} when the executor stops. {@code state} is final, except when the
   * persister could not be reached: then it is the last recorded state and the command stays open,
   * to resume at the next start.
   */
  public record Ended(String commandId, CommandState state) {}

  /** Whom it talks to. */
  public record Peers(
      ActorRef<FormaCommandPersister.Command> persister,
      ActorRef<ResourcePersister.Command> resources,
      ActorRef<RateLimiter.Command> limiter,
      ActorRef<Ended> onEnded) {}

  /** Makes the behaviour of one node's updater; tests pass a fake. */
  @FunctionalInterface
  interface UpdaterFactory {
    Behavior<ResourceUpdater.Command> create(
        ResourceUpdater.Spec spec, ResourceUpdater.Peers peers);
  }

  private record UpdaterEnded(ResourceUpdater.Ended ended) implements Command {}

  /** Sent when an updater stops: after its Ended, unless it died without reporting. */
  private record UpdaterStopped(NodeKey node) implements Command {}

  /** The persister's answer to attempt {@code attempt} of {@code request}, or the failure. */
  private record Answered(PersisterRequest<?> request, int attempt, Object value, Throwable failure)
      implements Command {}

  private record RetryAsk(PersisterRequest<?> request, int attempt) implements Command {}

  /**
   * Processing's and Canceling's data. {@code run} is mutable on purpose: each step costs O(nodes
   * touched), while copying it per message would make a 20,000-node command quadratic (lesson L5).
   */
  private record Data(GraphRun run, ResourceUpdater.Peers updaterPeers, CancelWaiters waiters) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String commandId;
  private final EngineContext engine;
  private final Peers peers;
  private final UpdaterFactory factory;
  private int size;

  private ChangesetExecutor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String commandId,
      EngineContext engine,
      Peers peers,
      UpdaterFactory factory) {
    this.context = context;
    this.timers = timers;
    this.commandId = commandId;
    this.engine = engine;
    this.peers = peers;
    this.factory = factory;
  }

  /** The executor of command {@code commandId}; it waits for {@link Start}. */
  public static Behavior<Command> create(String commandId, EngineContext context, Peers peers) {
    return create(commandId, context, peers, (spec, p) -> ResourceUpdater.create(spec, context, p));
  }

  /** The executor of command {@code commandId}, its updaters made by {@code factory}. */
  static Behavior<Command> create(
      String commandId, EngineContext context, Peers peers, UpdaterFactory factory) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                t ->
                    new ChangesetExecutor(ctx, t, commandId, context, peers, factory)
                        .notStarted()));
  }

  private Behavior<Command> notStarted() {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, s -> load(new CancelWaiters()))
        // Loads first: canceling needs the graph. The cancel applies as soon as it is loaded.
        .onMessage(Cancel.class, c -> load(new CancelWaiters().add(c.replyTo())))
        // Nothing runs and nothing was asked yet: these cannot arrive.
        .onMessage(UpdaterEnded.class, this::unexpected)
        .onMessage(UpdaterStopped.class, this::unexpected)
        .onMessage(Answered.class, this::unexpected)
        .onMessage(RetryAsk.class, this::unexpected)
        .build();
  }

  private Behavior<Command> load(CancelWaiters waiters) {
    ask(new PersisterRequest.LoadView(), 1);
    return loading(waiters);
  }

  private Behavior<Command> loading(CancelWaiters waiters) {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, this::ignoreStart)
        // The cancel applies as soon as the command is loaded.
        .onMessage(Cancel.class, c -> same(waiters.add(c.replyTo())))
        .onMessage(UpdaterEnded.class, this::unexpected)
        .onMessage(UpdaterStopped.class, this::unexpected)
        .onMessage(Answered.class, a -> onLoaded(a, waiters))
        .onMessage(RetryAsk.class, this::onRetry)
        .build();
  }

  private Behavior<Command> onLoaded(Answered a, CancelWaiters waiters) {
    if (a.failure() != null) {
      return retryOrGiveUp(a, CommandState.NOT_STARTED, waiters);
    }
    if (!(a.value() instanceof CommandView view)) {
      return unexpected(a);
    }
    CommandState state = view.command().state();
    if (state.isFinal()) {
      waiters.reply(state);
      return end(state);
    }
    GraphRun run;
    try {
      run = GraphRun.replay(view, engine.settings().maxInFlightUpdates());
    } catch (RuntimeException e) {
      return giveUp("its graph cannot be rebuilt: " + e.getMessage(), state, waiters);
    }
    size = run.size();
    var cache = context.spawn(ResolveCache.create(engine.inventory()), "resolve-cache");
    var ended = context.messageAdapter(ResourceUpdater.Ended.class, UpdaterEnded::new);
    var updaterPeers =
        new ResourceUpdater.Peers(
            peers.persister(), cache, peers.resources(), peers.limiter(), ended);
    run.orphans().forEach(r -> ask(r, 1));
    if (state == CommandState.CANCELING || !waiters.isEmpty()) {
      run.cancel(!waiters.isEmpty()).ifPresent(r -> ask(r, 1));
    }
    return next(new Data(run, updaterPeers, waiters));
  }

  private Behavior<Command> processing(Data d) {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, this::ignoreStart)
        .onMessage(Cancel.class, c -> onCancel(d, c))
        .onMessage(UpdaterEnded.class, e -> nodeEnded(d, e.ended().node(), e.ended().state()))
        .onMessage(UpdaterStopped.class, s -> onUpdaterStopped(d, s))
        .onMessage(Answered.class, a -> onAnswered(d, a))
        .onMessage(RetryAsk.class, this::onRetry)
        .build();
  }

  private Behavior<Command> canceling(Data d) {
    return Behaviors.receive(Command.class)
        // Already running: a late or repeated Start starts nothing.
        .onMessage(Start.class, this::ignoreStart)
        // Nothing new to cancel: reply the state, once the first cancel is recorded.
        .onMessage(Cancel.class, c -> onCancelAgain(d, c))
        // Calls in flight finish: their ends are counted, so the command ends after the last.
        .onMessage(UpdaterEnded.class, e -> nodeEnded(d, e.ended().node(), e.ended().state()))
        // An updater that died without reporting must still be counted out.
        .onMessage(UpdaterStopped.class, s -> onUpdaterStopped(d, s))
        // Records asked before or during the cancel are awaited before Complete.
        .onMessage(Answered.class, a -> onAnswered(d, a))
        // A failed ask made before or during the cancel is still retried.
        .onMessage(RetryAsk.class, this::onRetry)
        .build();
  }

  private Behavior<Command> ended(CommandState state, CommandState recorded) {
    return Behaviors.receive(Command.class)
        // The command has ended: it never starts again.
        .onMessage(Start.class, this::ignoreStart)
        // Nothing is left to cancel: reply the state it ends in.
        .onMessage(Cancel.class, c -> replyState(c, state))
        // Nothing runs any more: a repeated end changes nothing.
        .onMessage(UpdaterEnded.class, this::unexpected)
        // The last updaters stop after reporting their ends: nothing to do.
        .onMessage(UpdaterStopped.class, s -> Behaviors.same())
        // Only Complete is open: its answer ends the executor.
        .onMessage(Answered.class, a -> onCompleted(a, recorded))
        // Complete failed: ask again.
        .onMessage(RetryAsk.class, this::onRetry)
        .build();
  }

  private Behavior<Command> next(Data d) {
    d.run()
        .launches(ns -> engine.plugins().forNamespace(ns).isPresent())
        .forEach(l -> launch(d, l));
    var complete = d.run().complete();
    if (complete.isPresent()) {
      ask(complete.get(), 1);
      return ended(d.run().expectedFinalState(), d.run().recorded());
    }
    return d.run().isCanceling() ? canceling(d) : processing(d);
  }

  private void launch(Data d, GraphRun.Launch l) {
    if (l.refusal() != null) {
      ask(l.refusal(), 1);
      return;
    }
    var op = l.node().operation();
    var spec = new ResourceUpdater.Spec(commandId, l.update(), op, l.target(), l.resume());
    var name = "upd-" + l.update().ksuid() + "-" + op.wire();
    context.watchWith(
        context.spawn(factory.create(spec, d.updaterPeers()), name), new UpdaterStopped(l.node()));
  }

  private Behavior<Command> nodeEnded(Data d, NodeKey node, UpdateState state) {
    if (!d.run().isRunning(node)) {
      context.getLog().info("Ignoring a late or repeated end of {} ({})", node, state);
      return Behaviors.same();
    }
    d.run().ended(node, state).ifPresent(r -> ask(r, 1));
    return next(d);
  }

  private Behavior<Command> onUpdaterStopped(Data d, UpdaterStopped s) {
    if (d.run().isRunning(s.node())) {
      context.getLog().error("The updater of {} stopped without reporting its end", s.node());
      String why = "its updater stopped without reporting its end";
      ask(new PersisterRequest.FailNode(s.node(), ErrorCodes.INTERNAL_FAILURE, why), 1);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onCancel(Data d, Cancel c) {
    d.waiters().add(c.replyTo());
    d.run().cancel(true).ifPresent(r -> ask(r, 1));
    return next(d);
  }

  private Behavior<Command> onCancelAgain(Data d, Cancel c) {
    d.waiters().add(c.replyTo());
    if (!d.run().isCancelPending()) {
      d.waiters().reply(d.run().recorded());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onAnswered(Data d, Answered a) {
    if (a.failure() != null) {
      return retryOrGiveUp(a, d.run().recorded(), d.waiters());
    }
    d.run().answered(a.request(), a.value()).ifPresent(r -> ask(r, 1));
    if (!d.run().isCancelPending()) {
      d.waiters().reply(d.run().recorded());
    }
    return next(d);
  }

  private Behavior<Command> onCompleted(Answered a, CommandState recorded) {
    if (a.failure() != null) {
      return retryOrGiveUp(a, recorded, new CancelWaiters());
    }
    return a.value() instanceof CommandState s ? end(s) : unexpected(a);
  }

  private Behavior<Command> retryOrGiveUp(Answered a, CommandState recorded, CancelWaiters w) {
    Duration delay =
        PersisterRequest.retryDelay(engine.settings(), a.failure(), a.attempt(), engine.random());
    if (delay == null) {
      return giveUp(a.request() + " failed: " + a.failure().getMessage(), recorded, w);
    }
    context.getLog().warn("{} failed, asking again in {}: {}", a.request(), delay, a.failure());
    timers.startSingleTimer(new RetryAsk(a.request(), a.attempt() + 1), delay);
    return Behaviors.same();
  }

  /**
   * Stops without ending the command. Trade-off: it stays open in the journal and the registry, so
   * the next start resumes it; onEnded is told anyway so the bridge frees its resource keys now.
   */
  private Behavior<Command> giveUp(String why, CommandState recorded, CancelWaiters waiters) {
    context
        .getLog()
        .error("Command {} stops unfinished, to resume at next start: {}", commandId, why);
    waiters.fail("command " + commandId + ": " + why);
    return end(recorded);
  }

  private Behavior<Command> end(CommandState state) {
    peers.onEnded().tell(new Ended(commandId, state));
    return Behaviors.stopped();
  }

  private Behavior<Command> onRetry(RetryAsk r) {
    ask(r.request(), r.attempt());
    return Behaviors.same();
  }

  private Behavior<Command> ignoreStart(Start s) {
    context.getLog().debug("Command {} has already started; Start ignored", commandId);
    return Behaviors.same();
  }

  private Behavior<Command> unexpected(Command m) {
    context.getLog().warn("Command {}: {} cannot arrive now; ignored", commandId, m);
    return Behaviors.same();
  }

  private Behavior<Command> replyState(Cancel c, CommandState state) {
    c.replyTo().tell(StatusReply.success(state));
    return Behaviors.same();
  }

  /** For handlers whose work is one expression: {@code c -> same(doIt(c))}. */
  private static Behavior<Command> same(Object ignored) {
    return Behaviors.same();
  }

  private <R> void ask(PersisterRequest<R> r, int attempt) {
    Duration timeout = engine.settings().persisterAskTimeout(size);
    context.askWithStatus(
        r.answerType(),
        peers.persister(),
        timeout,
        r::message,
        (v, e) -> new Answered(r, attempt, v, e));
  }
}
