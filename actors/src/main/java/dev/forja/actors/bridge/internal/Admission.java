package dev.forja.actors.bridge.internal;

import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.GraphEdge;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.plan.DependencyGraph;
import dev.forja.engine.plan.PlanException;
import dev.forja.engine.plan.Planner;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.store.InventoryStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the bridge decides about a submit: plans it against the inventory and either answers at once
 * (invalid, simulated, no changes, conflict) or drafts the command to store. It also keeps which
 * resources unfinished commands hold, so that two commands never touch one resource at once. Not
 * thread-safe: the bridge owns it.
 */
public final class Admission {
  private final PluginRegistry plugins;
  private final InventoryStore inventory;
  private final Supplier<String> ksuids;
  private final Clock clock;
  private final Map<ResourceKey, String> holders = new HashMap<>();
  private final Map<String, Set<ResourceKey>> held = new HashMap<>();

  public Admission(
      PluginRegistry plugins, InventoryStore inventory, Supplier<String> ksuids, Clock clock) {
    this.plugins = plugins;
    this.inventory = inventory;
    this.ksuids = ksuids;
    this.clock = clock;
  }

  /**
   * A command ready to be stored and started.
   *
   * @param command the command, every update NotStarted
   * @param changeset its plan
   * @param edges its graph's edges, as the persister stores them
   * @param targets every target its updates run on
   */
  public record Draft(
      FormaCommand command, Changeset changeset, List<GraphEdge> edges, List<Target> targets) {}

  /** Either a reply to give at once, or a draft whose resources are now held (exactly one set). */
  public record Decision(BridgeActor.SubmitReply reply, Draft draft) {}

  /**
   * Plans {@code request}. A draft holds its resources from this moment: release them with {@link
   * #release} if the command is not stored after all.
   */
  public Decision decide(BridgeActor.SubmitRequest request) {
    List<String> problems = checkKind(request);
    if (!problems.isEmpty()) {
      return reply(new BridgeActor.Invalid(problems));
    }
    // Refusing is the safe reading of "not said": a cascade deletes what the user did not name.
    OnDependents onDependents =
        request.onDependents() == null ? OnDependents.ABORT : request.onDependents();
    Changeset changeset;
    try {
      changeset =
          new Planner(plugins.schemas(), ksuids)
              .plan(request.forma(), inventory.snapshot(), request.mode(), onDependents);
    } catch (PlanException e) {
      List<ResourceKey> dependents =
          e.reason() == PlanException.Reason.DEPENDENTS ? e.resources() : List.of();
      return reply(new BridgeActor.Invalid(e.problems(), dependents));
    }
    Map<String, Target> targets = new TreeMap<>();
    problems = resolveTargets(request, changeset.updates(), targets);
    if (!problems.isEmpty()) {
      return reply(new BridgeActor.Invalid(problems));
    }
    if (request.simulate()) {
      return reply(new BridgeActor.Simulated(changeset));
    }
    if (changeset.isEmpty()) {
      return reply(new BridgeActor.NoChanges());
    }
    Optional<BridgeActor.Conflict> conflict = conflict(changeset.updates());
    if (conflict.isPresent()) {
      return reply(conflict.get());
    }
    FormaCommand command =
        new FormaCommand(
            ksuids.get(),
            request.kind(),
            request.mode(),
            onDependents,
            CommandState.NOT_STARTED,
            clock.instant(),
            null,
            changeset.updates());
    hold(command.id(), keysOf(command.updates()));
    return new Decision(
        null,
        new Draft(command, changeset, edges(changeset.graph()), List.copyOf(targets.values())));
  }

  /** Holds {@code keys} for the unfinished command {@code commandId}, as a resume does. */
  public void hold(String commandId, Collection<ResourceKey> keys) {
    Set<ResourceKey> mine = held.computeIfAbsent(commandId, id -> new LinkedHashSet<>());
    for (ResourceKey k : keys) {
      holders.put(k, commandId);
      mine.add(k);
    }
  }

  /** Frees the resources of {@code commandId}, which has ended (or was never stored). */
  public void release(String commandId) {
    Set<ResourceKey> mine = held.remove(commandId);
    if (mine != null) {
      mine.forEach(k -> holders.remove(k, commandId));
    }
  }

  /** The command holding {@code key}, if any. */
  public Optional<String> holderOf(ResourceKey key) {
    return Optional.ofNullable(holders.get(key));
  }

  /** The resources {@code updates} touch. */
  public static Set<ResourceKey> keysOf(List<ResourceUpdate> updates) {
    Set<ResourceKey> keys = new LinkedHashSet<>();
    updates.forEach(u -> keys.add(u.key()));
    return keys;
  }

  /** The graph's edges by node id: each node, and each node it waits for. */
  public static List<GraphEdge> edges(DependencyGraph graph) {
    List<GraphEdge> out = new ArrayList<>();
    for (DependencyGraph.Node n : graph.nodes()) {
      for (DependencyGraph.Node d : graph.dependenciesOf(n)) {
        out.add(new GraphEdge(n.id(), d.id()));
      }
    }
    return out;
  }

  private static List<String> checkKind(BridgeActor.SubmitRequest request) {
    boolean destroy = request.kind() == CommandKind.DESTROY;
    if (destroy != (request.mode() == PlanMode.DESTROY)) {
      return List.of(
          "a "
              + request.kind().wire()
              + " cannot be planned in mode "
              + request.mode().wire()
              + (destroy ? ": a destroy plans in mode destroy" : ": use reconcile or patch"));
    }
    return List.of();
  }

  /**
   * Every target the updates run on, from the forma or else the inventory, into {@code out}; a
   * target found in neither, or whose namespace no plugin serves, is a problem.
   */
  private List<String> resolveTargets(
      BridgeActor.SubmitRequest request, List<ResourceUpdate> updates, Map<String, Target> out) {
    Map<String, Target> declared = new LinkedHashMap<>();
    request.forma().targets().forEach(t -> declared.put(t.label(), t));
    List<String> problems = new ArrayList<>();
    for (ResourceUpdate u : updates) {
      if (out.containsKey(u.target())) {
        continue;
      }
      Target t = declared.get(u.target());
      if (t == null) {
        t = inventory.target(u.target()).orElse(null);
      }
      if (t == null) {
        problems.add(
            u.key() + " runs on target " + u.target() + ", which is neither declared nor stored");
        out.put(u.target(), null);
      } else if (plugins.forNamespace(t.namespace()).isEmpty()) {
        problems.add(
            "target "
                + t.label()
                + " names namespace "
                + t.namespace()
                + ", which no plugin serves (served: "
                + String.join(", ", plugins.namespaces())
                + ")");
        out.put(u.target(), null);
      } else {
        out.put(u.target(), t);
      }
    }
    return problems;
  }

  /** The first unfinished command (by id) holding any of the updates' resources, with them all. */
  private Optional<BridgeActor.Conflict> conflict(List<ResourceUpdate> updates) {
    Map<String, Set<ResourceKey>> byHolder = new TreeMap<>();
    for (ResourceKey k : keysOf(updates)) {
      String holder = holders.get(k);
      if (holder != null) {
        byHolder.computeIfAbsent(holder, h -> new TreeSet<>()).add(k);
      }
    }
    return byHolder.entrySet().stream()
        .findFirst()
        .map(e -> new BridgeActor.Conflict(e.getKey(), List.copyOf(e.getValue())));
  }

  private static Decision reply(BridgeActor.SubmitReply reply) {
    return new Decision(reply, null);
  }
}
