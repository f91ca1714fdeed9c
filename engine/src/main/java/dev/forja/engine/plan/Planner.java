package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.PropertyPointer;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Stack;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import dev.forja.engine.schema.TypeEdge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Turns a desired forma and the current inventory into a changeset: which resources to create,
 * update, replace or delete, and in what order.
 *
 * <ul>
 *   <li>Reconcile: the forma's stacks become exactly the forma; what they hold and it omits is
 *       deleted. Patch: the forma's resources are merged into what is stored, nothing is deleted.
 *       Destroy: the forma's resources are deleted.
 *   <li>A change to a CreateOnly property, or a move to another target, is a replace (delete, then
 *       create). Resources that depend on a replaced one through a CreateOnly property are replaced
 *       too; through any other property, updated so that their references resolve anew.
 *   <li>A delete that would strand a managed resource outside it fails, naming the dependents, or
 *       with {@link OnDependents#CASCADE} deletes them too, transitively.
 *   <li>Identical desired and stored state gives no update at all.
 * </ul>
 */
public final class Planner {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SchemaRegistry schemas;
  private final Supplier<String> ksuids;
  private final Map<String, List<TypeEdge>> edgesInto = new HashMap<>();
  private final Map<TypeEdge, String> edgeSource = new HashMap<>();

  /**
   * A planner for the types {@code schemas} declares, minting KSUIDs for new resources from {@code
   * ksuids}.
   */
  public Planner(SchemaRegistry schemas, Supplier<String> ksuids) {
    this.schemas = schemas;
    this.ksuids = ksuids;
    for (String type : schemas.types()) {
      for (TypeEdge e : schemas.schemaOf(type).edges()) {
        edgesInto.computeIfAbsent(e.targetType(), t -> new ArrayList<>()).add(e);
        edgeSource.put(e, type);
      }
    }
  }

  /** The changeset that takes {@code inventory} to {@code forma} in {@code mode}. */
  public Changeset plan(
      Forma forma, Inventory inventory, PlanMode mode, OnDependents onDependents) {
    return new Planning(forma, inventory, mode, onDependents).run();
  }

  /** One planning run's working state. */
  private final class Planning {
    private final Forma forma;
    private final Inventory inventory;
    private final PlanMode mode;
    private final OnDependents onDependents;
    private final Map<ResourceKey, String> ksuidOf = new HashMap<>();
    private final Map<String, ObjectNode> translated = new HashMap<>();
    private final List<ResourceUpdate> updates = new ArrayList<>();
    private final Map<String, Integer> updateOf = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<ResourceKey> involved = new LinkedHashSet<>();

    Planning(Forma forma, Inventory inventory, PlanMode mode, OnDependents onDependents) {
      this.forma = forma;
      this.inventory = inventory;
      this.mode = mode;
      this.onDependents = onDependents;
    }

    Changeset run() {
      assignIdentities();
      if (mode == PlanMode.DESTROY) {
        failIfProblems(PlanException.Reason.INVALID);
        destroy();
      } else {
        forma.resources().forEach(r -> translated.put(ksuidOf.get(r.key()), translate(r)));
        failIfProblems(PlanException.Reason.INVALID);
        forma.resources().forEach(this::createOrUpdate);
        if (mode == PlanMode.RECONCILE) {
          reconcileDeletes();
        }
      }
      cascadeDeletes();
      cascadeReplaces();
      return new Changeset(updates, graph());
    }

    private void failIfProblems(PlanException.Reason reason) {
      if (!problems.isEmpty()) {
        throw new PlanException(reason, problems, List.copyOf(involved));
      }
    }

    private void assignIdentities() {
      for (Resource r : forma.resources()) {
        Optional<InventoryResource> stored = inventory.find(r.key());
        if (stored.isPresent() && !stored.get().type().equals(r.type())) {
          problems.add(
              r.key()
                  + " is declared as "
                  + r.type()
                  + " but the inventory holds a "
                  + stored.get().type()
                  + " under that label: destroy it first, or choose"
                  + " another label");
          involved.add(r.key());
        }
        ksuidOf.put(r.key(), stored.map(InventoryResource::ksuid).orElseGet(ksuids));
      }
    }

    /** The resource's properties with each {@code $res} turned into a {@code $ref}. */
    private ObjectNode translate(Resource r) {
      return (ObjectNode) translate(r, r.properties(), "/Properties");
    }

    private JsonNode translate(Resource r, JsonNode node, String ptr) {
      if (OpaqueValue.isOpaque(node)) {
        return node;
      }
      if (ResourceRef.isRef(node)) {
        ResourceRef ref = ResourceRef.from(node).orElseThrow();
        ResourceKey key = new ResourceKey(ref.stackOr(r.stack()), ref.label());
        String ksuid = ksuidOf.get(key);
        if (ksuid == null) {
          ksuid =
              inventory
                  .find(key)
                  .filter(InventoryResource::managed)
                  .map(InventoryResource::ksuid)
                  .orElse(null);
        }
        if (ksuid == null || ref.property() == null || ref.property().isBlank()) {
          problems.add(
              r.key()
                  + " "
                  + ptr
                  + ": references "
                  + key
                  + (ksuid == null
                      ? ", which is neither in the forma nor managed in the inventory"
                      : " without a $property"));
          involved.add(r.key());
          return node;
        }
        return new ResolvedRef(ksuid, ref.pointer(), null).toJson();
      }
      if (node.isObject()) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          out.set(
              e.getKey(),
              translate(r, e.getValue(), ptr + "/" + PropertyPointer.escape(e.getKey())));
        }
        return out;
      }
      if (node.isArray()) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < node.size(); i++) {
          out.add(translate(r, node.get(i), ptr + "/" + i));
        }
        return out;
      }
      return node;
    }

    private void createOrUpdate(Resource r) {
      String ksuid = ksuidOf.get(r.key());
      ObjectNode desired = translated.get(ksuid);
      Optional<InventoryResource> found = inventory.find(r.key());
      if (found.isEmpty()) {
        add(
            ResourceUpdate.planned(
                ksuid,
                r.stack(),
                r.label(),
                r.type(),
                r.target(),
                Operation.CREATE,
                desired,
                null,
                null,
                false));
        return;
      }
      InventoryResource stored = found.get();
      ResourceTypeSchema schema = schemas.schemaOf(r.type());
      ObjectNode target =
          mode == PlanMode.PATCH ? PatchMerge.merge(stored.properties(), desired, schema) : desired;
      ArrayNode patch = PropertyDiff.diff(stored.properties(), target, schema);
      boolean moved = !stored.target().equals(r.target());
      if (patch.isEmpty() && !moved && stored.managed()) {
        return;
      }
      boolean createOnly = moved;
      for (JsonNode op : patch) {
        createOnly |= schema.hint(PropertyPointer.topLevel(op.get("path").asText())).createOnly();
      }
      add(
          ResourceUpdate.planned(
              ksuid,
              r.stack(),
              r.label(),
              r.type(),
              r.target(),
              createOnly ? Operation.REPLACE : Operation.UPDATE,
              target,
              stored,
              patch,
              false));
    }

    private void reconcileDeletes() {
      Set<ResourceKey> declared = new HashSet<>();
      forma.resources().forEach(r -> declared.add(r.key()));
      for (Stack s : forma.stacks()) {
        for (InventoryResource stored : inventory.inStack(s.label())) {
          if (stored.managed() && !declared.contains(stored.key())) {
            addDelete(stored, false);
          }
        }
      }
      for (Resource r : forma.resources()) {
        for (String producer : PropertyRefs.ksuidsIn(translated.get(ksuidOf.get(r.key())))) {
          Integer i = updateOf.get(producer);
          if (i != null && updates.get(i).operation() == Operation.DELETE) {
            problems.add(
                r.key()
                    + " references "
                    + updates.get(i).key()
                    + ", which this reconcile"
                    + " deletes because the forma no longer declares it");
            involved.add(r.key());
          }
        }
      }
      failIfProblems(PlanException.Reason.INVALID);
    }

    private void destroy() {
      for (Resource r : forma.resources()) {
        inventory
            .find(r.key())
            .filter(InventoryResource::managed)
            .ifPresent(s -> addDelete(s, false));
      }
    }

    /** The stored state of every update planned so far with {@code op}. */
    private ArrayDeque<InventoryResource> priorStatesOf(Operation op) {
      ArrayDeque<InventoryResource> out = new ArrayDeque<>();
      for (ResourceUpdate u : updates) {
        if (u.operation() == op) {
          out.add(u.prior());
        }
      }
      return out;
    }

    /** Dependents of deletes: refused with {@link OnDependents#ABORT}, else deleted too. */
    private void cascadeDeletes() {
      ArrayDeque<InventoryResource> todo = priorStatesOf(Operation.DELETE);
      while (!todo.isEmpty()) {
        InventoryResource deleted = todo.poll();
        for (Dependent d : dependentsOf(deleted)) {
          InventoryResource dep = d.resource();
          if (updateOf.containsKey(dep.ksuid())
              || !dep.managed()
              || (mode != PlanMode.DESTROY && ksuidOf.containsKey(dep.key()))) {
            continue;
          }
          if (onDependents == OnDependents.ABORT) {
            problems.add(
                dep.key()
                    + " ("
                    + dep.type()
                    + ") depends on "
                    + deleted.key()
                    + " through "
                    + String.join(", ", d.properties())
                    + ", and this command deletes "
                    + deleted.key()
                    + ": include it, or delete with on-dependents cascade");
            involved.add(dep.key());
          } else {
            addDelete(dep, true);
            todo.add(dep);
          }
        }
      }
      failIfProblems(PlanException.Reason.DEPENDENTS);
    }

    /** Dependents of replaces: replaced through a CreateOnly property, else re-resolved. */
    private void cascadeReplaces() {
      ArrayDeque<InventoryResource> todo = priorStatesOf(Operation.REPLACE);
      while (!todo.isEmpty()) {
        InventoryResource replaced = todo.poll();
        for (Dependent d : dependentsOf(replaced)) {
          InventoryResource dep = d.resource();
          if (!dep.managed()) {
            continue;
          }
          ResourceTypeSchema schema = schemas.schemaOf(dep.type());
          boolean createOnly = d.properties().stream().anyMatch(p -> schema.hint(p).createOnly());
          Integer i = updateOf.get(dep.ksuid());
          if (i != null) {
            ResourceUpdate u = updates.get(i);
            if (u.operation() == Operation.UPDATE && createOnly) {
              updates.set(i, withOperation(u, Operation.REPLACE));
              todo.add(dep);
            }
            continue;
          }
          add(
              ResourceUpdate.planned(
                  dep.ksuid(),
                  dep.stack(),
                  dep.label(),
                  dep.type(),
                  dep.target(),
                  createOnly ? Operation.REPLACE : Operation.UPDATE,
                  dep.properties(),
                  dep,
                  NODES.arrayNode(),
                  true));
          if (createOnly) {
            todo.add(dep);
          }
        }
      }
    }

    private ResourceUpdate withOperation(ResourceUpdate u, Operation op) {
      return ResourceUpdate.planned(
          u.ksuid(),
          u.stack(),
          u.label(),
          u.type(),
          u.target(),
          op,
          u.desired(),
          u.prior(),
          u.patch(),
          u.cascade());
    }

    private void addDelete(InventoryResource stored, boolean cascade) {
      add(
          ResourceUpdate.planned(
              stored.ksuid(),
              stored.stack(),
              stored.label(),
              stored.type(),
              stored.target(),
              Operation.DELETE,
              null,
              stored,
              null,
              cascade));
    }

    private void add(ResourceUpdate u) {
      updateOf.put(u.ksuid(), updates.size());
      updates.add(u);
    }

    /** Managed or not, the stored resources that depend on {@code producer}, sorted by key. */
    private List<Dependent> dependentsOf(InventoryResource producer) {
      Map<String, Dependent> out = new HashMap<>();
      for (InventoryResource r : inventory.referencing(producer.ksuid())) {
        PropertyRefs.forEachRef(
            r.properties(),
            (top, ref) -> {
              if (ref.ksuid().equals(producer.ksuid())) {
                out.computeIfAbsent(r.ksuid(), k -> new Dependent(r, new TreeSet<>()))
                    .properties()
                    .add(top);
              }
            });
      }
      for (TypeEdge e : edgesInto.getOrDefault(producer.type(), List.of())) {
        for (String v :
            PropertyRefs.texts(
                producer.properties().get(e.targetProperty()),
                producer.readOnlyProperties().get(e.targetProperty()))) {
          for (InventoryResource r :
              inventory.withValue(edgeSource.get(e), e.property(), NODES.textNode(v))) {
            if (!r.ksuid().equals(producer.ksuid())) {
              out.computeIfAbsent(r.ksuid(), k -> new Dependent(r, new TreeSet<>()))
                  .properties()
                  .add(e.property());
            }
          }
        }
      }
      List<Dependent> sorted = new ArrayList<>(out.values());
      sorted.sort(Comparator.comparing(d -> d.resource().key()));
      return sorted;
    }

    private DependencyGraph graph() {
      DependencyGraph.Builder b = DependencyGraph.builder(updates);
      DesiredValues literals = new DesiredValues();
      for (int i = 0; i < updates.size(); i++) {
        ResourceUpdate u = updates.get(i);
        int apply = b.applyNode(i);
        int delete = b.deleteNode(i);
        Set<String> wants = apply < 0 ? Set.of() : dependencies(u, u.desired(), literals);
        for (String producer : wants) {
          Integer j = updateOf.get(producer);
          if (j != null) {
            b.waitsFor(apply, b.applyNode(j));
          }
        }
        if (u.prior() == null) {
          continue;
        }
        for (String producer : dependencies(u, u.prior().properties(), null)) {
          Integer j = updateOf.get(producer);
          if (j == null) {
            continue;
          }
          if (delete >= 0) {
            b.waitsFor(b.deleteNode(j), delete);
          } else if (!wants.contains(producer)) {
            // An update that drops its reference to a resource being deleted must land first.
            b.waitsFor(b.deleteNode(j), apply);
          }
        }
      }
      return b.build();
    }

    /**
     * The KSUIDs {@code u}'s properties depend on: references, and the resources its schema's edges
     * name by value. {@code literals} adds the forma's own values; null for stored state.
     */
    private Set<String> dependencies(
        ResourceUpdate u, ObjectNode properties, DesiredValues literals) {
      Set<String> out = new LinkedHashSet<>(PropertyRefs.ksuidsIn(properties));
      for (TypeEdge e : schemas.schemaOf(u.type()).edges()) {
        for (String v : PropertyRefs.texts(properties.get(e.property()))) {
          if (literals != null) {
            out.addAll(literals.find(e, v));
          }
          for (InventoryResource r :
              inventory.withValue(e.targetType(), e.targetProperty(), NODES.textNode(v))) {
            out.add(r.ksuid());
          }
        }
      }
      out.remove(u.ksuid());
      return out;
    }

    /** The forma's literal property values that schema edges may name, indexed lazily. */
    private final class DesiredValues {
      private final Map<String, Map<String, List<String>>> byTypeAndProperty = new HashMap<>();

      /** Every forma resource an edge's literal value names: a value may name several. */
      List<String> find(TypeEdge e, String value) {
        return byTypeAndProperty
            .computeIfAbsent(e.targetType() + "\u0000" + e.targetProperty(), k -> index(e))
            .getOrDefault(value, List.of());
      }

      private Map<String, List<String>> index(TypeEdge e) {
        Map<String, List<String>> m = new HashMap<>();
        for (Resource r : forma.resources()) {
          if (r.type().equals(e.targetType())) {
            String ksuid = ksuidOf.get(r.key());
            for (String v : PropertyRefs.texts(translated.get(ksuid).get(e.targetProperty()))) {
              m.computeIfAbsent(v, k -> new ArrayList<>()).add(ksuid);
            }
          }
        }
        return m;
      }
    }
  }

  /** A stored resource that depends on another, and the top-level properties it does so through. */
  private record Dependent(InventoryResource resource, Set<String> properties) {}
}
