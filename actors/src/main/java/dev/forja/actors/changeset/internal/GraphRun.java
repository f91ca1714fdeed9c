package dev.forja.actors.changeset.internal;

import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.GraphEdge;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.DependencyGraph;
import dev.forja.engine.plan.DependencyGraph.Node;
import dev.forja.engine.plan.Schedule;
import dev.forja.engine.plugin.ErrorCodes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One executor's bookkeeping of its command's graph, rebuilt from a {@link CommandView}: which
 * nodes ended, which run, which wait for an in-flight slot, and which records the journal has not
 * yet confirmed. It decides; the executor asks the {@link PersisterRequest}s it returns and reports
 * their answers with {@link #answered}. No actor runs here and it is not thread-safe: the executor
 * that owns it is its only user. Every step costs time in proportion to the nodes it touches,
 * except {@link #cancel}, which visits every update once.
 *
 * <p>The {@link Schedule} counts a node as started once taken; nodes taken but waiting for a slot
 * sit in this class's queue (their updates are still NotStarted in the journal, so a cancel cancels
 * them).
 */
public final class GraphRun {

  /**
   * A node to start now.
   *
   * @param node the node
   * @param update its update, as the journal holds it
   * @param target the target it runs on, or null when it cannot run
   * @param resume the call in flight before a restart, or null for a fresh start
   * @param refusal when it cannot run (no such target, no plugin for it): the record that fails it
   *     without a plugin call, to ask instead of starting an updater; else null
   */
  public record Launch(
      NodeKey node,
      ResourceUpdate update,
      Target target,
      InFlight resume,
      PersisterRequest.FailNode refusal) {}

  private final List<ResourceUpdate> updates;
  private final DependencyGraph graph;
  private final Schedule schedule;
  private final int maxInFlight;
  private final Map<String, Target> targets = new HashMap<>();
  private final Map<NodeKey, Node> nodes = new HashMap<>();
  private final Map<NodeKey, InFlight> resumes;
  // Per update: its state as far as this run knows (final ones never change), and whether a node
  // of it started, so a cancel must let it finish instead of canceling it.
  private final UpdateState[] states;
  private final boolean[] committed;
  private final boolean[] nodeEnded;
  private final ArrayDeque<Node> queue = new ArrayDeque<>();
  private final Set<NodeKey> running = new HashSet<>();
  private final List<PersisterRequest.FailDependents> orphans = new ArrayList<>();
  private boolean canceling;
  // The journal's side: the command's state as last recorded, and records asked, not yet answered.
  private CommandState recorded;
  private int recordsPending;
  private boolean cancelPending;

  private GraphRun(CommandView view, int maxInFlight) {
    this.updates = view.command().updates();
    this.maxInFlight = maxInFlight;
    DependencyGraph.Builder builder = DependencyGraph.builder(updates);
    for (GraphEdge e : view.edges()) {
      builder.waitsFor(e.waiting(), e.on());
    }
    this.graph = builder.build();
    this.schedule = graph.schedule();
    this.recorded = view.command().state();
    this.resumes = new HashMap<>(view.inFlight());
    for (Target t : view.targets()) {
      targets.put(t.label(), t);
    }
    for (Node n : graph.nodes()) {
      nodes.put(key(n), n);
    }
    this.states = new UpdateState[updates.size()];
    this.committed = new boolean[updates.size()];
    this.nodeEnded = new boolean[graph.nodes().size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = updates.get(i).state();
      committed[i] = states[i] == UpdateState.IN_PROGRESS;
    }
  }

  /**
   * The run of {@code view}'s command after a (re)start: nodes done before are succeeded, final
   * failures are failed, calls in flight queue first (to resume through their tokens), then nodes
   * never started.
   *
   * @param maxInFlight most nodes running at once
   */
  public static GraphRun replay(CommandView view, int maxInFlight) {
    GraphRun run = new GraphRun(view, maxInFlight);
    run.replay(view.doneNodes());
    return run;
  }

  private void replay(Set<NodeKey> done) {
    List<Node> fresh = new ArrayList<>();
    for (List<Node> ready = schedule.takeReady(); !ready.isEmpty(); ready = schedule.takeReady()) {
      for (Node n : ready) {
        NodeKey k = key(n);
        UpdateState s = states[n.update()];
        if (done.contains(k) || s == UpdateState.SUCCESS) {
          committed[n.update()] = true;
          nodeEnded[n.id()] = true;
          schedule.succeeded(n);
        } else if (s.isFinal()) {
          nodeEnded[n.id()] = true;
          // Its dependents were recorded failed when it failed, unless the crash came in between.
          failDependents(n).ifPresent(orphans::add);
        } else if (resumes.containsKey(k)) {
          committed[n.update()] = true;
          queue.add(n);
        } else {
          fresh.add(n);
        }
      }
    }
    queue.addAll(fresh);
  }

  /**
   * Records to ask once, right after the replay: dependents of updates that failed before a crash
   * and were not yet recorded failed, as they would have been had the executor not stopped.
   */
  public List<PersisterRequest.FailDependents> orphans() {
    return List.copyOf(orphans);
  }

  /** How many updates the command has (ask timeouts grow with it). */
  public int size() {
    return updates.size();
  }

  /** The command's state as last recorded: as loaded, then as the answer to a cancel said. */
  public CommandState recorded() {
    return recorded;
  }

  /** Whether a cancel was asked and its answer has not come. */
  public boolean isCancelPending() {
    return cancelPending;
  }

  /** Whether {@code node} was launched and has not ended. */
  public boolean isRunning(NodeKey node) {
    return running.contains(node);
  }

  /** How many nodes run. */
  public int runningCount() {
    return running.size();
  }

  /** Whether the run was canceled. */
  public boolean isCanceling() {
    return canceling;
  }

  /**
   * The queued nodes that fit in the free in-flight slots, now counted as running. Once canceling,
   * only nodes of updates that had already started are queued.
   *
   * @param namespaceServed whether a plugin serves a namespace
   */
  public List<Launch> launches(Predicate<String> namespaceServed) {
    List<Launch> out = new ArrayList<>();
    while (running.size() < maxInFlight && !queue.isEmpty()) {
      Node n = queue.poll();
      NodeKey k = key(n);
      committed[n.update()] = true;
      running.add(k);
      ResourceUpdate u = updates.get(n.update());
      Target t = targets.get(u.target());
      String why =
          t == null
              ? "target " + u.target() + " is not among the command's targets"
              : namespaceServed.test(t.namespace())
                  ? null
                  : "no plugin serves namespace " + t.namespace() + " of target " + t.label();
      PersisterRequest.FailNode refusal =
          why == null ? null : new PersisterRequest.FailNode(k, ErrorCodes.PLUGIN_NOT_FOUND, why);
      out.add(new Launch(k, u, why == null ? t : null, resumes.remove(k), refusal));
    }
    return out;
  }

  /**
   * A running node ended. On SUCCESS the nodes waiting only for it queue; otherwise every node that
   * waits for it, directly or not, fails without running.
   *
   * @param state SUCCESS, or the failure's final state (FAILED, REJECTED)
   * @return the record of the updates failed because of it, if any
   * @throws IllegalStateException if the node is not running
   */
  public Optional<PersisterRequest.FailDependents> ended(NodeKey node, UpdateState state) {
    if (!running.remove(node)) {
      throw new IllegalStateException("node " + node + " ended but is not running");
    }
    Node n = nodes.get(node);
    nodeEnded[n.id()] = true;
    if (state == UpdateState.SUCCESS) {
      List<Node> ofUpdate = graph.nodesOf(n.update());
      if (ofUpdate.get(ofUpdate.size() - 1).id() == n.id()) {
        states[n.update()] = UpdateState.SUCCESS;
      }
      schedule.succeeded(n);
      for (Node next : schedule.takeReady()) {
        if (!canceling || committed[next.update()]) {
          queue.add(next);
        }
      }
      return Optional.empty();
    }
    states[n.update()] = state.isFinal() ? state : UpdateState.FAILED;
    return failDependents(n);
  }

  private Optional<PersisterRequest.FailDependents> failDependents(Node n) {
    List<String> ksuids = new ArrayList<>();
    for (Node d : schedule.failed(n)) {
      nodeEnded[d.id()] = true;
      int u = d.update();
      if (u != n.update() && !states[u].isFinal()) {
        states[u] = UpdateState.FAILED;
        ksuids.add(updates.get(u).ksuid());
      }
    }
    if (ksuids.isEmpty()) {
      return Optional.empty();
    }
    recordsPending++;
    String failed = graph.update(n).key().toString();
    return Optional.of(new PersisterRequest.FailDependents(ksuids, failed));
  }

  /**
   * Cancels the run: nothing more starts except the rest of updates already started (the CREATE
   * node of a replace whose DELETE node ran, so the resource is not left deleted) and what they
   * wait for. The updates never started are to be recorded canceled, and the command Canceling.
   *
   * @param mustAnswer a caller waits for the recorded state, so the cancel is asked even if it
   *     changes nothing
   * @return the cancel to record, unless the journal already has it all
   */
  public Optional<PersisterRequest.CancelNotStarted> cancel(boolean mustAnswer) {
    List<String> notStarted = new ArrayList<>();
    if (!canceling) {
      canceling = true;
      commitWhatStartedUpdatesWaitFor();
      for (int i = 0; i < states.length; i++) {
        if (!committed[i] && !states[i].isFinal()) {
          states[i] = UpdateState.CANCELED;
          notStarted.add(updates.get(i).ksuid());
        }
      }
      queue.removeIf(n -> !committed[n.update()]);
    }
    // A command resumed while Canceling asks again only for what is left to cancel or to answer.
    if (recorded == CommandState.CANCELING && notStarted.isEmpty() && !mustAnswer) {
      return Optional.empty();
    }
    recordsPending++;
    cancelPending = true;
    return Optional.of(new PersisterRequest.CancelNotStarted(notStarted));
  }

  /**
   * An update that started must be able to finish, so what its remaining nodes wait for must run
   * too: the CREATE node of a replace whose DELETE ran may wait for nodes of other updates.
   */
  private void commitWhatStartedUpdatesWaitFor() {
    ArrayDeque<Node> todo = new ArrayDeque<>();
    for (Node n : graph.nodes()) {
      if (committed[n.update()] && !nodeEnded[n.id()]) {
        todo.add(n);
      }
    }
    while (!todo.isEmpty()) {
      for (Node dep : graph.dependenciesOf(todo.poll())) {
        int u = dep.update();
        if (!nodeEnded[dep.id()] && !committed[u] && !states[u].isFinal()) {
          committed[u] = true;
          todo.addAll(graph.nodesOf(u));
        }
      }
    }
  }

  /**
   * The persister answered a request this run returned, with {@code answer}: a refused node ({@link
   * Launch#refusal}) or a node whose updater died ends failed; a record is confirmed.
   *
   * @return the record of updates failed because a refused node failed, if any
   */
  public Optional<PersisterRequest.FailDependents> answered(
      PersisterRequest<?> request, Object answer) {
    if (request instanceof PersisterRequest.FailNode f) {
      return isRunning(f.node()) ? ended(f.node(), UpdateState.FAILED) : Optional.empty();
    }
    if (request instanceof PersisterRequest.CancelNotStarted && answer instanceof CommandState s) {
      recorded = s;
      cancelPending = false;
    }
    if (request instanceof PersisterRequest.CancelNotStarted
        || request instanceof PersisterRequest.FailDependents) {
      recordsPending--;
    }
    return Optional.empty();
  }

  /** Complete, when everything has ended and every record is confirmed; else empty. */
  public Optional<PersisterRequest.CompleteCommand> complete() {
    return isDone() && recordsPending == 0
        ? Optional.of(new PersisterRequest.CompleteCommand())
        : Optional.empty();
  }

  /**
   * Whether nothing runs and nothing more will: every node ended or, once canceling, nothing runs
   * and nothing already started waits to continue.
   */
  public boolean isDone() {
    return canceling ? running.isEmpty() && queue.isEmpty() : schedule.isDone();
  }

  /**
   * The command's final state as the journal will derive it: Canceled once canceled, else Canceled
   * if any update was, else Failed if any failed or was rejected, else Success.
   */
  public CommandState expectedFinalState() {
    if (canceling) {
      return CommandState.CANCELED;
    }
    boolean failed = false;
    for (UpdateState s : states) {
      if (s == UpdateState.CANCELED) {
        return CommandState.CANCELED;
      }
      failed |= s == UpdateState.FAILED || s == UpdateState.REJECTED;
    }
    return failed ? CommandState.FAILED : CommandState.SUCCESS;
  }

  private NodeKey key(Node n) {
    return new NodeKey(updates.get(n.update()).ksuid(), n.operation());
  }
}
