package dev.forja.actors.bridge;

import dev.forja.actors.EngineContext;
import dev.forja.actors.bridge.internal.Admission;
import dev.forja.actors.bridge.internal.Admitter;
import dev.forja.actors.bridge.internal.LiveAsk;
import dev.forja.actors.bridge.internal.Replies;
import dev.forja.actors.bridge.internal.Resumer;
import dev.forja.actors.bridge.internal.Subscriptions;
import dev.forja.actors.changeset.ChangesetExecutor;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.CommandRegistry;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.JournalJanitor;
import dev.forja.actors.resource.ResourcePersister;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.store.InventoryQuery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.pattern.StatusReply;

/**
 * The engine's front door: plans and admits commands, answers queries, routes cancels and
 * subscriptions, and resumes unfinished commands at start-up (lessons L1, L2). Each command runs as
 * two children, its persister {@code cmd-<id>} and its executor {@code exec-<id>}.
 *
 * <p>Start-up stashes what it cannot answer yet: a status until the registry has said which
 * commands are open (so it knows which run here), submits, cancels and subscribes until every
 * resumed command's resources are known (conflict detection checks against them). Listings and
 * inventory queries are answered at once.
 */
public final class BridgeActor extends AbstractBehavior<BridgeActor.Command> {

  /** Messages the bridge takes. */
  public interface Command {}

  /**
   * What a user asks for.
   *
   * @param kind apply or destroy
   * @param mode reconcile or patch for an apply; DESTROY for a destroy
   * @param onDependents what a delete does about dependents outside the forma
   * @param simulate plan only: nothing is stored or run
   * @param forma the parsed, validated forma
   */
  public record SubmitRequest(
      CommandKind kind, PlanMode mode, OnDependents onDependents, boolean simulate, Forma forma) {}

  /** Plans {@code request}; on success (and not simulating) stores and starts the command. */
  public record Submit(SubmitRequest request, ActorRef<SubmitReply> replyTo) implements Command {}

  /** The answer to a submit. */
  public sealed interface SubmitReply
      permits Accepted, Simulated, NoChanges, Invalid, Conflict, Unavailable {}

  /** The command was stored and started. */
  public record Accepted(String commandId, Changeset changeset) implements SubmitReply {}

  /** The plan of a simulation; nothing was stored. */
  public record Simulated(Changeset changeset) implements SubmitReply {}

  /** The inventory already matches; no command was created. */
  public record NoChanges() implements SubmitReply {}

  /**
   * The request cannot be planned; every problem is named. {@code dependents} names the managed
   * resources outside a destroy that depend on what it deletes, when that is why it was refused
   * (on-dependents abort); it is empty for any other problem.
   */
  public record Invalid(List<String> problems, List<ResourceKey> dependents)
      implements SubmitReply {
    public Invalid {
      problems = List.copyOf(problems);
      dependents = List.copyOf(dependents);
    }

    /** Problems that are not about dependents. */
    public Invalid(List<String> problems) {
      this(problems, List.of());
    }
  }

  /** An unfinished command still has updates pending on {@code resources}. */
  public record Conflict(String commandId, List<ResourceKey> resources) implements SubmitReply {}

  /** The command could not be stored (journal or store failure); nothing runs. */
  public record Unavailable(String reason) implements SubmitReply {}

  /** Replies with the command (live state if running, else the read model's), or an error. */
  public record GetCommand(String commandId, ActorRef<StatusReply<FormaCommand>> replyTo)
      implements Command {}

  /** Replies with the most recent commands, newest first. */
  public record ListCommands(int limit, ActorRef<List<FormaCommand>> replyTo) implements Command {}

  /** Cancels a command. */
  public record Cancel(String commandId, ActorRef<CancelReply> replyTo) implements Command {}

  /** The answer to a cancel. */
  public sealed interface CancelReply permits Canceling, AlreadyEnded, NotFound, CancelFailed {}

  /** The command is Canceling (or already Canceled if nothing was in flight). */
  public record Canceling(String commandId, CommandState state) implements CancelReply {}

  /** The command had already ended in {@code state}. */
  public record AlreadyEnded(String commandId, CommandState state) implements CancelReply {}

  /** No such command. */
  public record NotFound(String commandId) implements CancelReply {}

  /** The cancel could not be delivered (executor unreachable or not started yet); retry. */
  public record CancelFailed(String commandId, String reason) implements CancelReply {}

  /**
   * Sends {@code subscriber} every progress of the command from now until its final one; for an
   * ended command, just the final one. An unknown command gets nothing.
   */
  public record Subscribe(String commandId, ActorRef<CommandProgress> subscriber)
      implements Command {}

  /** Stops sending progress to {@code subscriber}. */
  public record Unsubscribe(String commandId, ActorRef<CommandProgress> subscriber)
      implements Command {}

  /** Replies with the inventory resources matching {@code query}, opaque values redacted. */
  public record QueryInventory(InventoryQuery query, ActorRef<List<InventoryResource>> replyTo)
      implements Command {}

  /** Whom it talks to. */
  public record Peers(
      ActorRef<CommandRegistry.Command> registry,
      ActorRef<ResourcePersister.Command> resources,
      ActorRef<RateLimiter.Command> limiter) {}

  /**
   * Submits, cancels and subscribes that may wait while start-up resumes commands (seconds, once).
   * A submit holds a whole forma, so the bound keeps memory in check; beyond it a submit is
   * answered Unavailable and a cancel CancelFailed at once, never left to time out.
   */
  static final int STASH_CAPACITY = 1_000;

  private static final String STORE_DISPATCHER = "forja.store-dispatcher";
  private static final String STARTING = "the engine is still resuming commands; retry shortly";

  /** The bridge; it resumes the registry's open commands as it starts. */
  public static Behavior<Command> create(EngineContext context, Peers peers) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withStash(
                STASH_CAPACITY, stash -> new BridgeActor(ctx, stash, context, peers)));
  }

  // ---- private messages: ask answers and adapters ----

  private record OpenCommands(Set<String> ids, Throwable failure) implements Command {}

  private record AdmitterDone(Admitter.Outcome outcome) implements Command {}

  private record ResumerDone(Resumer.Outcome outcome) implements Command {}

  private record ExecutorEnded(ChangesetExecutor.Ended ended) implements Command {}

  private record ProgressMade(CommandProgress progress) implements Command {}

  private record ChildStopped(String commandId, boolean executor) implements Command {}

  private record SubscriberStopped(ActorRef<CommandProgress> subscriber) implements Command {}

  /** A command whose children run here; a ref is null once that child stopped. */
  private static final class Running {
    int updates;
    ActorRef<FormaCommandPersister.Command> persister;
    ActorRef<ChangesetExecutor.Command> executor;
    boolean ended;

    Running(int updates, ActorRef<FormaCommandPersister.Command> persister) {
      this.updates = updates;
      this.persister = persister;
    }
  }

  private final EngineContext context;
  private final Peers peers;
  private final StashBuffer<Command> stash;
  private final Admission admission;
  private final Replies replies;
  private final Subscriptions<ActorRef<CommandProgress>> subscriptions = new Subscriptions<>();
  private final Map<String, Running> running = new HashMap<>();
  private final Set<String> resuming = new HashSet<>();
  private final ActorRef<CommandProgress> progress;
  private final ActorRef<ChangesetExecutor.Ended> ended;
  private final ActorRef<Admitter.Outcome> admitted;
  private final ActorRef<Resumer.Outcome> resumed;
  private boolean openKnown;

  private BridgeActor(
      ActorContext<Command> ctx, StashBuffer<Command> stash, EngineContext context, Peers peers) {
    super(ctx);
    this.context = context;
    this.peers = peers;
    this.stash = stash;
    this.admission =
        new Admission(context.plugins(), context.inventory(), context.ksuids(), context.clock());
    this.replies =
        new Replies(
            context,
            ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(STORE_DISPATCHER)),
            ctx.getLog());
    this.progress = ctx.messageAdapter(CommandProgress.class, ProgressMade::new);
    this.ended = ctx.messageAdapter(ChangesetExecutor.Ended.class, ExecutorEnded::new);
    this.admitted = ctx.messageAdapter(Admitter.Outcome.class, AdmitterDone::new);
    this.resumed = ctx.messageAdapter(Resumer.Outcome.class, ResumerDone::new);
    askOpen();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(GetCommand.class, this::onGetCommand)
        .onMessage(ListCommands.class, this::onListCommands)
        .onMessage(QueryInventory.class, this::onQueryInventory)
        .onMessage(OpenCommands.class, this::onOpenCommands)
        .onMessage(ResumerDone.class, this::onResumerDone)
        .onMessage(AdmitterDone.class, this::onAdmitterDone)
        .onMessage(ExecutorEnded.class, this::onExecutorEnded)
        .onMessage(ProgressMade.class, this::onProgressMade)
        .onMessage(ChildStopped.class, this::onChildStopped)
        .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
        .build();
  }

  // ---- start-up: resume every open command (L1, L2) ----

  private void askOpen() {
    getContext()
        .ask(
            idSet(),
            peers.registry(),
            context.settings().persisterAskTimeout(0),
            CommandRegistry.GetOpen::new,
            OpenCommands::new);
  }

  private Behavior<Command> onOpenCommands(OpenCommands m) {
    if (m.failure() != null) {
      // Without the open commands there is no conflict detection: ask again, submits wait.
      getContext().getLog().warn("cannot read the open commands; asking again", m.failure());
      askOpen();
      return this;
    }
    openKnown = true;
    getContext().getLog().info("resuming {} unfinished command(s)", m.ids().size());
    for (String id : m.ids()) {
      Running r = new Running(0, spawnPersister(id));
      running.put(id, r);
      resuming.add(id);
      var size = replies.supply(() -> context.commands().find(id).map(c -> c.updates().size()));
      getContext()
          .spawn(
              Resumer.create(id, r.persister, context.settings(), size, resumed), "resume-" + id);
    }
    // Statuses may go now; submits, cancels and subscribes stash again until every command resumed.
    return stash.unstashAll(this);
  }

  private Behavior<Command> onResumerDone(ResumerDone m) {
    String id = m.outcome().commandId();
    Running r = running.get(id);
    resuming.remove(id);
    if (m.outcome() instanceof Resumer.Resumable ok && r != null && r.persister != null) {
      r.updates = ok.view().command().updates().size();
      admission.hold(id, Admission.keysOf(ok.view().command().updates()));
      startExecutor(id, r);
    } else {
      getContext().getLog().info("command {} not resumed: {}", id, m.outcome());
      stopChildren(id);
      if (m.outcome() instanceof Resumer.NotResumable no && no.end()) {
        endInRegistry(id);
      }
    }
    return readyIfResumed();
  }

  private Behavior<Command> readyIfResumed() {
    return openKnown && resuming.isEmpty() ? stash.unstashAll(this) : this;
  }

  /**
   * Stashes {@code m} until start-up knows the open commands (a status must know whether its
   * command runs here) or, {@code untilResumed}, until it holds their resources too (a submit must
   * be checked against them). False when {@code m} may be handled now.
   */
  private boolean stashed(Command m, boolean untilResumed, Runnable refuse) {
    if (openKnown && (resuming.isEmpty() || !untilResumed)) {
      return false;
    }
    if (stash.isFull()) {
      refuse.run();
    } else {
      stash.stash(m);
    }
    return true;
  }

  // ---- submit: plan, then store through an admitter, then start ----

  private Behavior<Command> onSubmit(Submit m) {
    if (stashed(m, true, () -> m.replyTo().tell(new Unavailable(STARTING)))) {
      return this;
    }
    Admission.Decision d;
    try {
      // Planning runs here, not on a dispatcher, so that the plan and the conflict check see the
      // same moment: no command can end and free its resources in between.
      d = admission.decide(m.request());
    } catch (RuntimeException e) {
      getContext().getLog().error("planning failed", e);
      m.replyTo().tell(new Unavailable("planning failed: " + e));
      return this;
    }
    if (d.reply() != null) {
      m.replyTo().tell(d.reply());
      return this;
    }
    FormaCommand c = d.draft().command();
    Running r = new Running(c.updates().size(), spawnPersister(c.id()));
    running.put(c.id(), r);
    var ps = new Admitter.Peers(peers.registry(), r.persister, peers.resources(), admitted);
    var timeout = context.settings().persisterAskTimeout(r.updates);
    getContext().spawn(Admitter.create(d.draft(), m.replyTo(), ps, timeout), "admit-" + c.id());
    return this;
  }

  private Behavior<Command> onAdmitterDone(AdmitterDone m) {
    Running r = running.get(m.outcome().draft().command().id());
    if (m.outcome() instanceof Admitter.Admitted ok && r != null && r.persister != null) {
      startExecutor(ok.draft().command().id(), r);
      ok.replyTo().tell(new Accepted(ok.draft().command().id(), ok.draft().changeset()));
    } else {
      String id = m.outcome().draft().command().id();
      String reason =
          m.outcome() instanceof Admitter.NotAdmitted no
              ? no.reason()
              : "stored, but its persister stopped: it resumes at the next start";
      stopChildren(id);
      admission.release(id);
      m.outcome().replyTo().tell(new Unavailable(reason));
    }
    return this;
  }

  // ---- children ----

  private ActorRef<FormaCommandPersister.Command> spawnPersister(String id) {
    ActorRef<FormaCommandPersister.Command> p =
        getContext().spawn(FormaCommandPersister.create(id, context, progress), "cmd-" + id);
    getContext().watchWith(p, new ChildStopped(id, false));
    return p;
  }

  private void startExecutor(String id, Running r) {
    var ps = new ChangesetExecutor.Peers(r.persister, peers.resources(), peers.limiter(), ended);
    r.executor = getContext().spawn(ChangesetExecutor.create(id, context, ps), "exec-" + id);
    getContext().watchWith(r.executor, new ChildStopped(id, true));
    r.executor.tell(ChangesetExecutor.Start.INSTANCE);
  }

  private void stopChildren(String id) {
    Running r = running.remove(id);
    if (r != null && r.persister != null) {
      getContext().stop(r.persister);
    }
  }

  private Behavior<Command> onExecutorEnded(ExecutorEnded m) {
    String id = m.ended().commandId();
    getContext().getLog().info("command {} ended {}", id, m.ended().state());
    admission.release(id);
    if (m.ended().state().isFinal()) {
      running.remove(id); // its persister has completed and stops itself
      endInRegistry(id);
      JournalJanitor.spawn(getContext(), id);
    } else {
      // The executor gave up on an unreachable persister: the command resumes at the next start.
      stopChildren(id);
    }
    // The final progress has normally ended every subscription already; this is the fallback.
    replies.sendFinal(id, subscriptions.of(id));
    subscriptions.end(id).forEach(getContext()::unwatch);
    return this;
  }

  private Behavior<Command> onChildStopped(ChildStopped m) {
    // A stop may overtake the child's last message (system messages come first), so this only
    // stops routing to the child; ExecutorEnded does the accounting.
    Running r = running.get(m.commandId());
    if (r != null && m.executor()) {
      r.executor = null;
    } else if (r != null) {
      r.persister = null;
    }
    return this;
  }

  private void endInRegistry(String id) {
    // A lost Ended is harmless: the next start finds the command final and ends it then.
    peers.registry().tell(new CommandRegistry.Ended(id, getContext().getSystem().ignoreRef()));
  }

  // ---- queries, cancel, progress ----

  private Behavior<Command> onGetCommand(GetCommand m) {
    String id = m.commandId();
    if (stashed(m, false, () -> replies.storedCommand(id, m.replyTo()))) {
      return this;
    }
    Running r = running.get(id);
    if (r == null || r.ended || r.persister == null) {
      // Ended: the persister wrote the read model before publishing its final progress.
      replies.storedCommand(id, m.replyTo());
      return this;
    }
    var timeout = context.settings().persisterAskTimeout(r.updates);
    getContext().spawnAnonymous(LiveAsk.status(id, r.persister, timeout, replies, m.replyTo()));
    return this;
  }

  private Behavior<Command> onListCommands(ListCommands m) {
    replies.recent(m.limit(), m.replyTo());
    return this;
  }

  private Behavior<Command> onQueryInventory(QueryInventory m) {
    replies.inventory(m.query(), m.replyTo());
    return this;
  }

  private Behavior<Command> onCancel(Cancel m) {
    if (stashed(m, true, () -> m.replyTo().tell(new CancelFailed(m.commandId(), STARTING)))) {
      return this;
    }
    Running r = running.get(m.commandId());
    if (r == null || r.ended) {
      replies.cancelNotRunning(m.commandId(), m.replyTo());
    } else if (r.executor == null) {
      m.replyTo().tell(new CancelFailed(m.commandId(), "the command is not running yet; retry"));
    } else {
      var timeout = context.settings().executorAskTimeout(r.updates);
      getContext()
          .spawnAnonymous(LiveAsk.cancel(m.commandId(), r.executor, timeout, replies, m.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe m) {
    if (stashed(m, true, () -> {})) {
      return this;
    }
    Running r = running.get(m.commandId());
    if (r == null || r.ended) {
      replies.sendFinal(m.commandId(), List.of(m.subscriber()));
    } else if (subscriptions.add(m.commandId(), m.subscriber())) {
      getContext().watchWith(m.subscriber(), new SubscriberStopped(m.subscriber()));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe m) {
    if (subscriptions.remove(m.commandId(), m.subscriber())) {
      getContext().unwatch(m.subscriber());
    }
    return this;
  }

  private Behavior<Command> onSubscriberStopped(SubscriberStopped m) {
    subscriptions.drop(m.subscriber());
    return this;
  }

  private Behavior<Command> onProgressMade(ProgressMade m) {
    CommandProgress p = m.progress();
    Running r = running.get(p.commandId());
    if (p.isFinal() && r != null) {
      // The persister wrote the read model before publishing this, and is stopping: read there.
      r.ended = true;
    }
    if (p.isFinal()) {
      // The command has ended (its end is journaled): free its resources before anyone hears of
      // the end, so a submit that follows an awaited end is never refused as a conflict. The
      // executor's later ExecutorEnded releases again, harmlessly.
      admission.release(p.commandId());
    }
    subscriptions.of(p.commandId()).forEach(s -> s.tell(p));
    if (p.isFinal()) {
      subscriptions.end(p.commandId()).forEach(getContext()::unwatch);
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private static Class<Set<String>> idSet() {
    return (Class<Set<String>>) (Class<?>) Set.class;
  }
}
