package dev.forja.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.plan.DependencyGraph.Node;
import dev.forja.engine.plan.generated.RandomForma;
import dev.forja.engine.plan.generated.RandomForma.Dependency;
import dev.forja.engine.plan.generated.RandomForma.Mutation;
import dev.forja.engine.plan.generated.Reachability;
import dev.forja.engine.plan.generated.ScheduleRun;
import dev.forja.engine.schema.SchemaRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the planner over random formas whose references and schema edges form a DAG of 1 to
 * 500 resources in 1 to 3 stacks. Each case is a seed and a size, both in every failure message;
 * the same seed and size generate the same forma, KSUIDs and execution order. To rerun some cases
 * only: {@code -Dforja.plan.seeds=17,42}.
 */
class PlannerPropertyTest {
  private static final int SEEDS = 60;
  private static final int MAX_SIZE = 500;
  private static final int[] FIXED_SIZES = {1, MAX_SIZE, 2, 3, MAX_SIZE - 1};
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final SchemaRegistry SCHEMAS = RandomForma.schemas();
  private static final int MAX_VIOLATIONS = 20;

  /** Seeds 1..60; the first ones pin the extreme sizes, the others draw sizes from the seed. */
  static Stream<Arguments> cases() {
    String only = System.getProperty("forja.plan.seeds", "");
    LongStream seeds =
        only.isBlank()
            ? LongStream.rangeClosed(1, SEEDS)
            : Stream.of(only.split(",", -1)).mapToLong(s -> Long.parseLong(s.trim()));
    return seeds.mapToObj(seed -> Arguments.of(seed, sizeFor(seed)));
  }

  private static int sizeFor(long seed) {
    if (seed >= 1 && seed <= FIXED_SIZES.length) {
      return FIXED_SIZES[(int) seed - 1];
    }
    return 1 + new Random(seed * 7919).nextInt(MAX_SIZE);
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void createsEveryResourceAfterEverythingItDependsOn(long seed, int size) {
    checkCreates(RandomForma.generate(seed, size), ctx(seed, size, "create"));
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void replanningWhatWasCreatedChangesNothing(long seed, int size) {
    checkReplanIsEmpty(RandomForma.generate(seed, size), ctx(seed, size, "re-plan"));
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void destroyDeletesEveryResourceBeforeWhatItDependsOn(long seed, int size) {
    checkDestroy(RandomForma.generate(seed, size), ctx(seed, size, "destroy"));
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void changesUpdateInPlaceAndACreateOnlyChangeReplacesThroughCreateOnlyDependents(
      long seed, int size) {
    checkMutation(RandomForma.generate(seed, size), ctx(seed, size, "mutate"));
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void destroyingPartRefusesOrCascadesToEverythingThatDependsOnIt(long seed, int size) {
    checkPartialDestroy(RandomForma.generate(seed, size), ctx(seed, size, "partial destroy"));
  }

  /**
   * Every property above, when some zones and roles share a name: a literal naming it matches each
   * of them, so the resource holding it depends on all of them (the TypeEdge contract).
   */
  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("cases")
  void anEdgeLiteralNamingSeveralResourcesDependsOnEachOfThem(long seed, int size) {
    RandomForma g = RandomForma.generate(seed, size, true);
    assertAll(
        () -> checkCreates(g, ctx(seed, size, "shared names, create")),
        () -> checkReplanIsEmpty(g, ctx(seed, size, "shared names, re-plan")),
        () -> checkDestroy(g, ctx(seed, size, "shared names, destroy")),
        () -> checkPartialDestroy(g, ctx(seed, size, "shared names, partial destroy")),
        () -> checkMutation(g, ctx(seed, size, "shared names, mutate")));
  }

  /** (a) Against nothing, every resource is created after everything it depends on. */
  private static void checkCreates(RandomForma g, String ctx) {
    long seed = g.seed();
    int size = g.size();
    Changeset cs = plan(ctx, seed, g.forma(), InMemoryInventory.empty(), PlanMode.RECONCILE);

    assertThat(cs.updates()).as(ctx).hasSize(size);
    Map<Integer, Integer> updateOf = updatesByResource(ctx, g, cs);
    assertThat(updateOf).as(ctx + ": every resource has an update").hasSize(size);
    Set<String> ksuids = new HashSet<>();
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ResourceUpdate u = cs.updates().get(updateOf.get(i));
      if (u.operation() != Operation.CREATE || u.prior() != null || u.cascade()) {
        violations.add(u.key() + " is " + u.operation() + " cascade=" + u.cascade());
      }
      if (!ksuids.add(u.ksuid())) {
        violations.add(u.key() + " got KSUID " + u.ksuid() + ", already given to another");
      }
    }
    for (int i = 0; i < size; i++) {
      ResourceUpdate u = cs.updates().get(updateOf.get(i));
      Set<String> want = new TreeSet<>();
      for (Dependency d : g.dependenciesOf(i)) {
        if (!d.edge()) {
          want.add(cs.updates().get(updateOf.get(d.on())).ksuid());
        }
      }
      if (containsResRef(u.desired())) {
        violations.add(u.key() + " still holds a $res after planning: " + u.desired());
      }
      Set<String> got = refKsuids(u.desired());
      if (!got.equals(want)) {
        violations.add(u.key() + " $refs name " + got + ", expected " + want);
      }
    }
    assertNoViolations(ctx, violations);

    DependencyGraph graph = cs.graph();
    assertThat(graph.nodes())
        .as(ctx)
        .hasSize(size)
        .allMatch(n -> n.operation() == Operation.CREATE);
    Node[] create = new Node[size];
    for (int i = 0; i < size; i++) {
      create[i] = single(ctx, graph, updateOf.get(i));
    }
    Reachability reach = Reachability.of(graph);
    ScheduleRun run = ScheduleRun.execute(graph, new Random(seed), ctx);
    for (int i = 0; i < size; i++) {
      for (Dependency d : g.dependenciesOf(i)) {
        if (!reach.waitsFor(create[i], create[d.on()])) {
          violations.add(
              run.describe(create[i])
                  + " does not wait for "
                  + run.describe(create[d.on()])
                  + ", which it depends on through "
                  + d);
        }
        if (!run.ranBefore(create[d.on()], create[i])) {
          violations.add(
              run.describe(create[i])
                  + " started before "
                  + run.describe(create[d.on()])
                  + " succeeded, which it depends on through "
                  + d);
        }
      }
    }
    // No edge without a reason: an edge the forma does not ask for is a needless wait, and a
    // wrong literal match is one.
    Map<Integer, Integer> resourceOfUpdate = invert(updateOf);
    for (Node n : graph.nodes()) {
      int i = resourceOfUpdate.get(n.update());
      for (Node dep : graph.dependenciesOf(n)) {
        int j = resourceOfUpdate.get(dep.update());
        if (!g.dependencyIndexes(i).contains(j)) {
          violations.add(
              run.describe(n)
                  + " waits for "
                  + run.describe(dep)
                  + ", which it does not depend on");
        }
      }
    }
    checkLevels(ctx, graph, violations);
    assertNoViolations(ctx, violations);
  }

  /** (b) Planning again what the inventory holds after the creates plans nothing. */
  private static void checkReplanIsEmpty(RandomForma g, String context) {
    long seed = g.seed();
    Inventory inventory = createdInventory(g, context);
    for (PlanMode mode : List.of(PlanMode.RECONCILE, PlanMode.PATCH)) {
      String ctx = context + " in " + mode;
      Changeset again = plan(ctx, seed + 1, g.forma(), inventory, mode);
      assertThat(summary(again)).as(ctx).isEmpty();
      assertThat(again.isEmpty()).as(ctx).isTrue();
      assertThat(again.graph().nodes()).as(ctx).isEmpty();
      assertThat(again.graph().schedule().isDone()).as(ctx).isTrue();
    }
  }

  /** (c) Destroying it all deletes every resource before what it depends on. */
  private static void checkDestroy(RandomForma g, String ctx) {
    long seed = g.seed();
    int size = g.size();
    Inventory inventory = createdInventory(g, ctx);
    Changeset cs = plan(ctx, seed + 2, g.forma(), inventory, PlanMode.DESTROY);

    assertThat(cs.updates()).as(ctx).hasSize(size);
    Map<Integer, Integer> updateOf = updatesByResource(ctx, g, cs);
    assertThat(updateOf).as(ctx + ": every resource has an update").hasSize(size);
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ResourceUpdate u = cs.updates().get(updateOf.get(i));
      InventoryResource stored = inventory.find(u.key()).orElseThrow();
      if (u.operation() != Operation.DELETE
          || u.cascade()
          || u.prior() == null
          || !u.ksuid().equals(stored.ksuid())) {
        violations.add(
            u.key()
                + " is "
                + u.operation()
                + " cascade="
                + u.cascade()
                + " ksuid="
                + u.ksuid()
                + ", stored "
                + stored.ksuid());
      }
    }
    assertNoViolations(ctx, violations);

    DependencyGraph graph = cs.graph();
    assertThat(graph.nodes())
        .as(ctx)
        .hasSize(size)
        .allMatch(n -> n.operation() == Operation.DELETE);
    Node[] delete = new Node[size];
    for (int i = 0; i < size; i++) {
      delete[i] = single(ctx, graph, updateOf.get(i));
    }
    Reachability reach = Reachability.of(graph);
    ScheduleRun run = ScheduleRun.execute(graph, new Random(seed), ctx);
    for (int i = 0; i < size; i++) {
      for (Dependency d : g.dependenciesOf(i)) {
        if (!reach.waitsFor(delete[d.on()], delete[i])) {
          violations.add(
              run.describe(delete[d.on()])
                  + " does not wait for "
                  + run.describe(delete[i])
                  + ", which depends on it through "
                  + d);
        }
        if (!run.ranBefore(delete[i], delete[d.on()])) {
          violations.add(
              run.describe(delete[d.on()])
                  + " started before "
                  + run.describe(delete[i])
                  + " succeeded, which depends on it through "
                  + d);
        }
      }
    }
    checkLevels(ctx, graph, violations);
    assertNoViolations(ctx, violations);
  }

  /**
   * (e) Destroying part of it: with abort, refused naming exactly the resources outside the part
   * that depend on it directly (or planned, when none does); with cascade, whatever depends on the
   * part, transitively, is deleted too, dependents first; and a part closed under dependents is
   * destroyed as declared, even with abort.
   */
  private static void checkPartialDestroy(RandomForma g, String context) {
    long seed = g.seed();
    int size = g.size();
    Inventory inventory = createdInventory(g, context);
    Random rnd = new Random(seed * 17 + 5);
    Set<Integer> part = new TreeSet<>();
    for (int i = 0; i < size; i++) {
      if (rnd.nextInt(10) == 0) {
        part.add(i);
      }
    }
    if (part.isEmpty()) {
      part.add(rnd.nextInt(size));
    }
    List<Set<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      dependents.add(new TreeSet<>());
    }
    for (int i = 0; i < size; i++) {
      for (int j : g.dependencyIndexes(i)) {
        dependents.get(j).add(i);
      }
    }
    Set<String> outside = new TreeSet<>();
    Set<Integer> closure = new TreeSet<>(part);
    List<Integer> todo = new ArrayList<>(part);
    while (!todo.isEmpty()) {
      int j = todo.remove(todo.size() - 1);
      for (int i : dependents.get(j)) {
        if (part.contains(j) && !part.contains(i)) {
          outside.add(g.resource(i).key().toString());
        }
        if (closure.add(i)) {
          todo.add(i);
        }
      }
    }
    String ctx =
        context + " of " + part.size() + " resources (" + closure.size() + " with dependents)";

    Forma partForma = formaOf(g, part);
    if (outside.isEmpty()) {
      Changeset ok = plan(ctx, seed + 4, partForma, inventory, PlanMode.DESTROY);
      checkDeletes(g, ok, part, part, seed, ctx + ", abort");
    } else {
      Throwable thrown =
          catchThrowable(
              () ->
                  planner(seed + 4)
                      .plan(partForma, inventory, PlanMode.DESTROY, OnDependents.ABORT));
      assertThat(thrown).as(ctx + ", abort").isInstanceOf(PlanException.class);
      PlanException e = (PlanException) thrown;
      assertThat(e.reason()).as(ctx + ", abort").isEqualTo(PlanException.Reason.DEPENDENTS);
      Set<String> named = new TreeSet<>();
      e.resources().forEach(k -> named.add(k.toString()));
      assertThat(named).as(ctx + ", abort: the dependents named").isEqualTo(outside);
    }

    Changeset cascaded;
    try {
      cascaded =
          planner(seed + 5).plan(partForma, inventory, PlanMode.DESTROY, OnDependents.CASCADE);
    } catch (RuntimeException e) {
      throw new AssertionError(ctx + ", cascade: planning failed: " + e.getMessage(), e);
    }
    checkDeletes(g, cascaded, closure, part, seed, ctx + ", cascade");

    Changeset closed = plan(ctx, seed + 6, formaOf(g, closure), inventory, PlanMode.DESTROY);
    checkDeletes(g, closed, closure, closure, seed, ctx + ", abort on the closure");
  }

  /**
   * {@code cs} deletes exactly {@code deleted}, those outside {@code named} as cascades, each
   * before everything it depends on that is deleted too.
   */
  private static void checkDeletes(
      RandomForma g,
      Changeset cs,
      Set<Integer> deleted,
      Set<Integer> named,
      long seed,
      String ctx) {
    Map<String, String> expected = new TreeMap<>();
    deleted.forEach(
        i ->
            expected.put(
                g.resource(i).key().toString(),
                Operation.DELETE + (named.contains(i) ? "" : " (cascade)")));
    Map<String, String> actual = new TreeMap<>();
    for (ResourceUpdate u : cs.updates()) {
      actual.put(u.key().toString(), u.operation() + (u.cascade() ? " (cascade)" : ""));
    }
    assertThat(actual).as(ctx + ": operations").isEqualTo(expected);
    Map<Integer, Integer> updateOf = updatesByResource(ctx, g, cs);
    DependencyGraph graph = cs.graph();
    Reachability reach = Reachability.of(graph);
    ScheduleRun run = ScheduleRun.execute(graph, new Random(seed), ctx);
    List<String> violations = new ArrayList<>();
    for (int i : deleted) {
      Node di = single(ctx, graph, updateOf.get(i));
      for (Dependency d : g.dependenciesOf(i)) {
        if (!deleted.contains(d.on())) {
          continue;
        }
        Node dj = single(ctx, graph, updateOf.get(d.on()));
        if (!reach.waitsFor(dj, di) || !run.ranBefore(di, dj)) {
          violations.add(
              run.describe(dj)
                  + " may run before "
                  + run.describe(di)
                  + ", which depends on it "
                  + d);
        }
      }
    }
    checkLevels(ctx, graph, violations);
    assertNoViolations(ctx, violations);
  }

  /** A forma of some of {@code g}'s resources, declaring only the stacks they use. */
  private static Forma formaOf(RandomForma g, Set<Integer> indexes) {
    List<Resource> resources = new ArrayList<>();
    Set<String> stacks = new LinkedHashSet<>();
    indexes.forEach(
        i -> {
          resources.add(g.resource(i));
          stacks.add(g.resource(i).stack());
        });
    return new Forma(
        g.forma().description(),
        g.forma().stacks().stream().filter(s -> stacks.contains(s.label())).toList(),
        g.forma().targets(),
        resources);
  }

  /**
   * (d) Mutable changes update in place; a CreateOnly change replaces, and so, transitively, are
   * the resources that depend on a replaced one through a CreateOnly property; the others that
   * depend on it are updated to re-resolve. Deletes go before creates, dependents' deletes before
   * their producers'.
   */
  private static void checkMutation(RandomForma g, String context) {
    long seed = g.seed();
    int size = g.size();
    Inventory inventory = createdInventory(g, context);
    Mutation m = g.mutate(seed * 31 + 7, 0.1);
    String ctx = context + " " + m.mutable().size() + " Mutable + CreateOnly #" + m.createOnly();
    Changeset cs = plan(ctx, seed + 3, m.forma(), inventory, PlanMode.RECONCILE);

    // The model: replaced is the CreateOnly change and, transitively, whatever depends on a
    // replaced resource through a CreateOnly property (reference or edge). Dependents through
    // other properties only are updated to re-resolve. Dependencies point to earlier resources,
    // so one pass in declaration order reaches the fixpoint.
    boolean[] replaced = new boolean[size];
    boolean[] reResolved = new boolean[size];
    for (int i = 0; i < size; i++) {
      replaced[i] = i == m.createOnly();
      for (Dependency d : g.dependenciesOf(i)) {
        if (replaced[d.on()]) {
          if (SCHEMAS.schemaOf(g.resource(i).type()).hint(d.property()).createOnly()) {
            replaced[i] = true;
          } else {
            reResolved[i] = true;
          }
        }
      }
    }
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      boolean named = m.mutable().contains(i) || i == m.createOnly();
      String cascade = named ? "" : " (cascade)";
      if (replaced[i]) {
        expected.put(g.resource(i).key().toString(), Operation.REPLACE + cascade);
      } else if (m.mutable().contains(i) || reResolved[i]) {
        expected.put(g.resource(i).key().toString(), Operation.UPDATE + cascade);
      }
    }
    Map<String, String> actual = new TreeMap<>();
    for (ResourceUpdate u : cs.updates()) {
      actual.put(u.key().toString(), u.operation() + (u.cascade() ? " (cascade)" : ""));
    }
    List<String> wrong = new ArrayList<>();
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      if (!Objects.equals(expected.get(k), actual.get(k))) {
        wrong.add(k + ": expected " + expected.get(k) + ", planned " + actual.get(k) + why(g, k));
      }
    }
    assertThat(wrong).as(ctx + ": operations").isEmpty();

    Map<Integer, Integer> updateOf = updatesByResource(ctx, g, cs);
    List<String> violations = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : updateOf.entrySet()) {
      int i = e.getKey();
      ResourceUpdate u = cs.updates().get(e.getValue());
      Set<String> paths = new TreeSet<>();
      u.patch().forEach(op -> paths.add(op.get("path").asText()));
      Set<String> want = new TreeSet<>();
      if (m.mutable().contains(i)) {
        want.add("/Mutable");
      }
      if (i == m.createOnly()) {
        want.add("/Immutable");
      }
      if (!paths.equals(want)) {
        violations.add(u.key() + " " + u.operation() + " patches " + paths + ", expected " + want);
      }
    }
    assertNoViolations(ctx, violations);

    DependencyGraph graph = cs.graph();
    Reachability reach = Reachability.of(graph);
    ScheduleRun run = ScheduleRun.execute(graph, new Random(seed), ctx);
    Node[] apply = new Node[size];
    Node[] delete = new Node[size];
    for (Map.Entry<Integer, Integer> e : updateOf.entrySet()) {
      List<Node> nodes = graph.nodesOf(e.getValue());
      Operation op = cs.updates().get(e.getValue()).operation();
      if (op == Operation.REPLACE) {
        if (nodes.size() != 2
            || nodes.get(0).operation() != Operation.DELETE
            || nodes.get(1).operation() != Operation.CREATE) {
          violations.add("replace of " + g.resource(e.getKey()).key() + " has nodes " + nodes);
          continue;
        }
        delete[e.getKey()] = nodes.get(0);
        apply[e.getKey()] = nodes.get(1);
        if (!reach.waitsFor(nodes.get(1), nodes.get(0))) {
          violations.add(run.describe(nodes.get(1)) + " does not wait for its delete");
        }
        if (!run.ranBefore(nodes.get(0), nodes.get(1))) {
          violations.add(run.describe(nodes.get(1)) + " started before its delete succeeded");
        }
      } else if (nodes.size() != 1 || nodes.get(0).operation() != Operation.UPDATE) {
        violations.add("update of " + g.resource(e.getKey()).key() + " has nodes " + nodes);
      } else {
        apply[e.getKey()] = nodes.get(0);
      }
    }
    for (int i = 0; i < size; i++) {
      for (Dependency d : g.dependenciesOf(i)) {
        int j = d.on();
        // What i will hold must exist first: a create or update after its producer's.
        if (apply[i] != null && apply[j] != null) {
          if (!reach.waitsFor(apply[i], apply[j])) {
            violations.add(
                run.describe(apply[i])
                    + " does not wait for "
                    + run.describe(apply[j])
                    + ", which it depends on through "
                    + d);
          } else if (!run.ranBefore(apply[j], apply[i])) {
            violations.add(run.describe(apply[i]) + " started before " + run.describe(apply[j]));
          }
        }
        // What i held must go first: its delete before its producer's.
        if (delete[i] != null && delete[j] != null) {
          if (!reach.waitsFor(delete[j], delete[i])) {
            violations.add(
                run.describe(delete[j])
                    + " does not wait for "
                    + run.describe(delete[i])
                    + ", which depends on it through "
                    + d);
          } else if (!run.ranBefore(delete[i], delete[j])) {
            violations.add(run.describe(delete[j]) + " started before " + run.describe(delete[i]));
          }
        }
      }
    }
    checkLevels(ctx, graph, violations);
    assertNoViolations(ctx, violations);
  }

  /** What resource {@code key} depends on, for a message. */
  private static String why(RandomForma g, String key) {
    int slash = key.indexOf('/');
    int i = g.indexOf(new ResourceKey(key.substring(0, slash), key.substring(slash + 1)));
    List<String> deps = new ArrayList<>();
    for (Dependency d : g.dependenciesOf(i)) {
      deps.add(
          d.property() + (d.edge() ? " (edge)" : " ($res)") + " -> " + g.resource(d.on()).key());
    }
    return " (depends on: "
        + String.join(", ", deps)
        + "; properties "
        + g.resource(i).properties()
        + ")";
  }

  private static String ctx(long seed, int size, String step) {
    return "seed=" + seed + " size=" + size + " (" + step + ")";
  }

  private static Planner planner(long seed) {
    return new Planner(
        SCHEMAS, Ksuid.generator(Clock.fixed(NOW, ZoneOffset.UTC), new Random(seed)));
  }

  /** Plans, turning a planner failure into one that names the case. */
  private static Changeset plan(
      String ctx, long seed, Forma forma, Inventory inventory, PlanMode mode) {
    try {
      return planner(seed).plan(forma, inventory, mode, OnDependents.ABORT);
    } catch (RuntimeException e) {
      throw new AssertionError(ctx + ": planning in " + mode + " failed: " + e.getMessage(), e);
    }
  }

  /** The inventory after the creates of planning {@code g} against nothing all succeeded. */
  private static Inventory createdInventory(RandomForma g, String context) {
    String ctx = context + ", creating the inventory";
    Changeset created =
        plan(ctx, g.seed(), g.forma(), InMemoryInventory.empty(), PlanMode.RECONCILE);
    List<InventoryResource> stored = new ArrayList<>();
    for (ResourceUpdate u : created.updates()) {
      assertThat(u.operation()).as(ctx + ": " + u.key()).isEqualTo(Operation.CREATE);
      stored.add(
          new InventoryResource(
              u.ksuid(),
              u.stack(),
              u.label(),
              u.type(),
              u.target(),
              "id-" + u.label(),
              true,
              u.desired(),
              null));
    }
    return InMemoryInventory.of(stored);
  }

  /** Resource index to update index; each update names a declared resource, each at most once. */
  private static Map<Integer, Integer> updatesByResource(String ctx, RandomForma g, Changeset cs) {
    Map<Integer, Integer> out = new HashMap<>();
    for (int u = 0; u < cs.updates().size(); u++) {
      int i = g.indexOf(cs.updates().get(u).key());
      Integer before = out.put(i, u);
      assertThat(before).as(ctx + ": two updates for " + g.resource(i).key()).isNull();
    }
    return out;
  }

  private static Map<Integer, Integer> invert(Map<Integer, Integer> m) {
    Map<Integer, Integer> out = new HashMap<>();
    m.forEach((k, v) -> out.put(v, k));
    return out;
  }

  private static Node single(String ctx, DependencyGraph graph, int update) {
    List<Node> nodes = graph.nodesOf(update);
    assertThat(nodes).as(ctx + ": nodes of update " + update).hasSize(1);
    return nodes.get(0);
  }

  /** Every node is on exactly one level, after the levels of everything it waits for. */
  private static void checkLevels(String ctx, DependencyGraph graph, List<String> violations) {
    int[] levelOf = new int[graph.nodes().size()];
    Arrays.fill(levelOf, -1);
    List<List<Node>> levels = graph.levels();
    for (int l = 0; l < levels.size(); l++) {
      for (Node n : levels.get(l)) {
        if (levelOf[n.id()] >= 0) {
          violations.add(ctx + ": " + n + " is on two levels");
        }
        levelOf[n.id()] = l;
      }
    }
    for (Node n : graph.nodes()) {
      if (levelOf[n.id()] < 0) {
        violations.add(ScheduleRun.describe(graph, n) + " is on no level");
        continue;
      }
      for (Node dep : graph.dependenciesOf(n)) {
        if (levelOf[dep.id()] >= levelOf[n.id()]) {
          violations.add(
              ScheduleRun.describe(graph, n)
                  + " is on level "
                  + levelOf[n.id()]
                  + ", "
                  + ScheduleRun.describe(graph, dep)
                  + " which it waits for on "
                  + levelOf[dep.id()]);
        }
      }
    }
  }

  private static void assertNoViolations(String ctx, List<String> violations) {
    assertThat(violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS)))
        .as(ctx + ": " + violations.size() + " violations, the first " + MAX_VIOLATIONS + " shown")
        .isEmpty();
  }

  private static List<String> summary(Changeset cs) {
    return cs.updates().stream()
        .map(u -> u.key() + " " + u.operation() + " cascade=" + u.cascade() + " " + u.patch())
        .toList();
  }

  private static boolean containsResRef(JsonNode node) {
    if (ResourceRef.isRef(node)) {
      return true;
    }
    for (JsonNode child : node) {
      if (containsResRef(child)) {
        return true;
      }
    }
    return false;
  }

  /** The KSUIDs of every {@code $ref} in a tree, read without the planner's helpers. */
  private static Set<String> refKsuids(JsonNode node) {
    Set<String> out = new TreeSet<>();
    collectRefs(node, out);
    return out;
  }

  private static void collectRefs(JsonNode node, Set<String> out) {
    if (node.isObject() && node.has(ResolvedRef.MARKER)) {
      String uri = node.get(ResolvedRef.MARKER).asText();
      out.add(uri.substring(ResolvedRef.SCHEME.length(), uri.indexOf('#')));
      return;
    }
    for (JsonNode child : node) {
      collectRefs(child, out);
    }
  }
}
