package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.GraphEdge;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.command.internal.CommandEvent.CancelRequested;
import dev.forja.actors.command.internal.CommandEvent.CommandAccepted;
import dev.forja.actors.command.internal.CommandEvent.CommandFinished;
import dev.forja.actors.command.internal.CommandEvent.DependentsFailed;
import dev.forja.actors.command.internal.CommandEvent.UpdateAttemptStarted;
import dev.forja.actors.command.internal.CommandEvent.UpdateFinished;
import dev.forja.actors.command.internal.CommandEvent.UpdateRequestTokenRecorded;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An accepted command as its persister holds it. Mutable on purpose (lesson L5): an event changes
 * one slot of the update list, found through a KSUID index, and adjusts running counts, so applying
 * an event costs O(1) in the number of updates (a bulk event, O(its own size)).
 *
 * <p>Only the event handlers ({@code on…} methods, called by the persister's event handler) mutate
 * it; everything else reads. Whatever leaves the actor is a copy ({@link #view}, {@link #command},
 * {@link #progress}, {@link #toSnapshot}).
 */
// Jackson sees it only through its snapshot (@JsonValue, @JsonCreator), never its fields.
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CommandData implements PersisterState {
  /** The command's fixed fields; its own update list is empty (the updates live below). */
  private final FormaCommand header;

  private final List<GraphEdge> edges;
  private final List<Target> targets;
  private final List<ResourceUpdate> updates;
  private final Map<String, Integer> indexByKsuid;
  private final Map<UpdateState, Integer> counts = new EnumMap<>(UpdateState.class);
  private final Map<NodeKey, InFlight> inFlight = new LinkedHashMap<>();
  private final Set<NodeKey> doneNodes = new LinkedHashSet<>();
  private CommandState state;
  private Instant endTs;
  private boolean cancelRequested;

  private CommandData(FormaCommand command, List<GraphEdge> edges, List<Target> targets) {
    this.header =
        new FormaCommand(
            command.id(),
            command.kind(),
            command.mode(),
            command.onDependents(),
            command.state(),
            command.startTs(),
            command.endTs(),
            List.of());
    this.edges = List.copyOf(edges);
    this.targets = List.copyOf(targets);
    this.updates = new ArrayList<>(command.updates());
    this.indexByKsuid = new HashMap<>(command.updates().size() * 2);
    for (int i = 0; i < updates.size(); i++) {
      indexByKsuid.put(updates.get(i).ksuid(), i);
      counts.merge(updates.get(i).state(), 1, Integer::sum);
    }
    this.state = command.state();
    this.endTs = command.endTs();
  }

  /** The state right after {@code accepted}: a fresh object, never the empty state. */
  public static CommandData accepted(CommandAccepted accepted) {
    return new CommandData(accepted.command(), accepted.edges(), accepted.targets());
  }

  /** The state a snapshot holds. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CommandData fromSnapshot(CommandSnapshot s) {
    CommandData d = new CommandData(s.command(), s.edges(), s.targets());
    s.inFlight().forEach(f -> d.inFlight.put(f.node(), f));
    d.doneNodes.addAll(s.doneNodes());
    d.cancelRequested = s.cancelRequested();
    return d;
  }

  /** An immutable copy for a snapshot (and, for tests, the state's JSON form). */
  @JsonValue
  public CommandSnapshot toSnapshot() {
    return new CommandSnapshot(
        command(),
        edges,
        targets,
        List.copyOf(inFlight.values()),
        List.copyOf(doneNodes),
        cancelRequested);
  }

  // ---- queries ----

  /** The command's id. */
  public String commandId() {
    return header.id();
  }

  /** The command's state. */
  public CommandState state() {
    return state;
  }

  /** Whether a cancel was requested. */
  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** How many updates the command has. */
  public int size() {
    return updates.size();
  }

  /** The update of resource {@code ksuid}, or null if the command has none. */
  public ResourceUpdate update(String ksuid) {
    Integer i = indexByKsuid.get(ksuid);
    return i == null ? null : updates.get(i);
  }

  /** The call in flight on {@code node}, or null. */
  public InFlight inFlight(NodeKey node) {
    return inFlight.get(node);
  }

  /**
   * Whether {@code node} has ended: its update is final, or it is the DELETE node of a replace that
   * already succeeded.
   */
  public boolean nodeEnded(NodeKey node) {
    ResourceUpdate u = update(node.ksuid());
    return u != null && (u.state().isFinal() || doneNodes.contains(node));
  }

  /**
   * Why {@code node} cannot be recorded (no such update, or an operation the update does not run),
   * or null when it can.
   */
  public String refusal(NodeKey node) {
    ResourceUpdate u = update(node.ksuid());
    if (u == null) {
      return "command " + commandId() + " has no update of resource " + node.ksuid();
    }
    return nodeOperations(u).contains(node.operation())
        ? null
        : "update " + node.ksuid() + " is a " + u.operation() + ", not a " + node.operation();
  }

  /** Those of {@code ksuids} whose updates exist and are not final, in order, without repeats. */
  public List<String> notFinal(List<String> ksuids) {
    return select(ksuids, u -> !u.state().isFinal());
  }

  /** Those of {@code ksuids} whose updates have not started (NotStarted or Pending). */
  public List<String> notStarted(List<String> ksuids) {
    return select(
        ksuids, u -> u.state() == UpdateState.NOT_STARTED || u.state() == UpdateState.PENDING);
  }

  /** Updates that are not final. */
  public int unfinished() {
    return count(UpdateState.NOT_STARTED)
        + count(UpdateState.PENDING)
        + count(UpdateState.IN_PROGRESS);
  }

  /**
   * The state the command ends in: Canceled once a cancel was requested, else what its updates'
   * final states imply. A command ended with updates that never finished (a bug upstream) is not a
   * Success.
   */
  public CommandState finalState() {
    if (cancelRequested) {
      return CommandState.CANCELED;
    }
    CommandState s = FormaCommand.finalStateOf(Collections.unmodifiableList(updates));
    return s == CommandState.SUCCESS && unfinished() > 0 ? CommandState.FAILED : s;
  }

  private int count(UpdateState s) {
    return counts.getOrDefault(s, 0);
  }

  /** Updates per state, every state present. */
  public Map<UpdateState, Integer> counts() {
    Map<UpdateState, Integer> c = new EnumMap<>(UpdateState.class);
    for (UpdateState s : UpdateState.values()) {
      c.put(s, count(s));
    }
    return c;
  }

  /** A copy of the whole command, clear values included (O(n): not for each event). */
  public FormaCommand command() {
    return new FormaCommand(
        header.id(),
        header.kind(),
        header.mode(),
        header.onDependents(),
        state,
        header.startTs(),
        endTs,
        updates);
  }

  /** A copy for the executor that (re)starts the command. */
  public CommandView view() {
    return new CommandView(command(), edges, targets, Map.copyOf(inFlight), Set.copyOf(doneNodes));
  }

  /** What subscribers see after a change of update {@code ksuid} (null: of the command only). */
  public CommandProgress progress(String ksuid, Instant at) {
    ResourceUpdate u = ksuid == null ? null : update(ksuid);
    return new CommandProgress(
        commandId(), state, counts(), u == null ? null : Redaction.update(u), at);
  }

  /** The updates {@code event} changed; a list holding only null when it changed none. */
  public static List<String> changedBy(CommandEvent event) {
    List<String> ksuids = List.of();
    if (event instanceof UpdateAttemptStarted e) {
      ksuids = List.of(e.ksuid());
    } else if (event instanceof UpdateRequestTokenRecorded e) {
      ksuids = List.of(e.ksuid());
    } else if (event instanceof UpdateFinished e) {
      ksuids = List.of(e.ksuid());
    } else if (event instanceof DependentsFailed e) {
      ksuids = e.ksuids();
    } else if (event instanceof CancelRequested e) {
      ksuids = e.canceledKsuids();
    }
    return ksuids.isEmpty() ? Collections.singletonList(null) : ksuids;
  }

  // ---- event handlers: the only mutators; pure with respect to the outside world ----

  /** A call's attempt started: the update is InProgress, the call in flight. */
  public CommandData onAttemptStarted(UpdateAttemptStarted e) {
    int i = indexByKsuid.get(e.ksuid());
    ResourceUpdate u = updates.get(i);
    set(
        i,
        copy(
            u,
            UpdateState.IN_PROGRESS,
            Math.max(u.attempts(), e.attempt()),
            u.nativeId(),
            null,
            null));
    NodeKey node = new NodeKey(e.ksuid(), e.operation());
    InFlight previous = inFlight.get(node);
    // Re-recording the same token (a resume re-issuing the call) keeps the token to poll it by.
    String requestToken =
        previous != null && Objects.equals(previous.clientToken(), e.clientToken())
            ? previous.requestToken()
            : null;
    inFlight.put(
        node, new InFlight(e.ksuid(), e.operation(), e.attempt(), e.clientToken(), requestToken));
    started();
    return this;
  }

  /** The plugin's token to poll a call by, and the native id if it told one. */
  public CommandData onRequestTokenRecorded(UpdateRequestTokenRecorded e) {
    int i = indexByKsuid.get(e.ksuid());
    ResourceUpdate u = updates.get(i);
    NodeKey node = new NodeKey(e.ksuid(), e.operation());
    InFlight f = inFlight.get(node);
    inFlight.put(
        node,
        new InFlight(
            e.ksuid(),
            e.operation(),
            f == null ? u.attempts() : f.attempt(),
            f == null ? null : f.clientToken(),
            e.requestToken()));
    if (e.nativeId() != null) {
      set(i, copy(u, u.state(), u.attempts(), e.nativeId(), u.errorCode(), u.message()));
    }
    return this;
  }

  /**
   * A node ended. The DELETE node of a replace that succeeded is only done (the old resource is
   * gone, the new one has no id yet); any other end is the update's final state.
   */
  public CommandData onFinished(UpdateFinished e) {
    int i = indexByKsuid.get(e.ksuid());
    ResourceUpdate u = updates.get(i);
    NodeKey node = new NodeKey(e.ksuid(), e.operation());
    inFlight.remove(node);
    int attempts = Math.max(u.attempts(), e.attempts());
    if (e.state() == UpdateState.SUCCESS) {
      doneNodes.add(node);
    }
    if (u.operation() == Operation.REPLACE
        && e.operation() == Operation.DELETE
        && e.state() == UpdateState.SUCCESS) {
      set(i, copy(u, UpdateState.IN_PROGRESS, attempts, null, null, null));
    } else {
      String nativeId = e.nativeId() != null ? e.nativeId() : u.nativeId();
      set(i, copy(u, e.state(), attempts, nativeId, e.errorCode(), e.message()));
    }
    started();
    return this;
  }

  /** Updates failed without running because something they depend on failed. */
  public CommandData onDependentsFailed(DependentsFailed e) {
    for (String ksuid : e.ksuids()) {
      int i = indexByKsuid.get(ksuid);
      ResourceUpdate u = updates.get(i);
      if (!u.state().isFinal()) {
        set(i, copy(u, UpdateState.FAILED, u.attempts(), u.nativeId(), e.errorCode(), e.message()));
        for (Operation op : nodeOperations(u)) {
          inFlight.remove(new NodeKey(ksuid, op));
        }
      }
    }
    started();
    return this;
  }

  /** The command is Canceling; the listed updates had not started and are Canceled. */
  public CommandData onCancelRequested(CancelRequested e) {
    cancelRequested = true;
    if (!state.isFinal()) {
      state = CommandState.CANCELING;
    }
    for (String ksuid : e.canceledKsuids()) {
      int i = indexByKsuid.get(ksuid);
      ResourceUpdate u = updates.get(i);
      if (u.state() == UpdateState.NOT_STARTED || u.state() == UpdateState.PENDING) {
        set(i, copy(u, UpdateState.CANCELED, u.attempts(), u.nativeId(), null, null));
      }
    }
    return this;
  }

  /** The command ended. */
  public CommandData onCommandFinished(CommandFinished e) {
    state = e.state();
    endTs = e.at();
    return this;
  }

  /**
   * The operations of {@code u}'s graph nodes: a replace runs a DELETE node, then a CREATE node.
   */
  private static List<Operation> nodeOperations(ResourceUpdate u) {
    return u.operation() == Operation.REPLACE
        ? List.of(Operation.DELETE, Operation.CREATE)
        : List.of(u.operation());
  }

  private void started() {
    if (state == CommandState.NOT_STARTED) {
      state = CommandState.IN_PROGRESS;
    }
  }

  private void set(int i, ResourceUpdate next) {
    counts.merge(updates.get(i).state(), -1, Integer::sum);
    counts.merge(next.state(), 1, Integer::sum);
    updates.set(i, next);
  }

  private List<String> select(
      List<String> ksuids, java.util.function.Predicate<ResourceUpdate> keep) {
    Set<String> out = new LinkedHashSet<>();
    for (String ksuid : ksuids) {
      ResourceUpdate u = update(ksuid);
      if (u != null && keep.test(u)) {
        out.add(ksuid);
      }
    }
    return List.copyOf(out);
  }

  // The state is set directly, not through withState(): the persister records what happened, and
  // a node may legitimately skip a step of the table (a DELETE of a resource without a native id
  // succeeds without a call, so without InProgress). Final states are guarded by the callers.
  private static ResourceUpdate copy(
      ResourceUpdate u,
      UpdateState state,
      int attempts,
      String nativeId,
      String errorCode,
      String message) {
    return new ResourceUpdate(
        u.ksuid(),
        u.stack(),
        u.label(),
        u.type(),
        u.target(),
        u.operation(),
        state,
        u.desired(),
        u.prior(),
        u.patch(),
        u.cascade(),
        attempts,
        nativeId,
        errorCode,
        message);
  }
}
