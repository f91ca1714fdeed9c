package dev.forja.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An immutable inventory held in memory, indexed for the planner's queries. */
public final class InMemoryInventory implements Inventory {
  private static final InMemoryInventory EMPTY = new InMemoryInventory(List.of());

  private final Map<String, InventoryResource> byKsuid = new LinkedHashMap<>();
  private final Map<ResourceKey, InventoryResource> byKey = new HashMap<>();
  private final Map<String, List<InventoryResource>> byStack = new HashMap<>();
  private final Map<String, List<InventoryResource>> referencing = new HashMap<>();
  private final Map<String, Map<String, List<InventoryResource>>> valueIndexes =
      new ConcurrentHashMap<>();

  private InMemoryInventory(Collection<InventoryResource> resources) {
    for (InventoryResource r : resources) {
      if (byKsuid.putIfAbsent(r.ksuid(), r) != null) {
        throw new IllegalArgumentException("two inventory resources share KSUID " + r.ksuid());
      }
      if (byKey.putIfAbsent(r.key(), r) != null) {
        throw new IllegalArgumentException("two inventory resources share " + r.key());
      }
      byStack.computeIfAbsent(r.stack(), s -> new ArrayList<>()).add(r);
      for (String producer : PropertyRefs.ksuidsIn(r.properties())) {
        referencing.computeIfAbsent(producer, k -> new ArrayList<>()).add(r);
      }
    }
    byStack.values().forEach(l -> l.sort(Comparator.comparing(InventoryResource::label)));
  }

  /** An inventory holding nothing. */
  public static InMemoryInventory empty() {
    return EMPTY;
  }

  /** An inventory holding {@code resources}; a KSUID or (stack, label) held twice is an error. */
  public static InMemoryInventory of(Collection<InventoryResource> resources) {
    return new InMemoryInventory(resources);
  }

  /**
   * The inventory {@code before} would become if every update of {@code changeset} succeeded: what
   * a simulation shows, and what a repeated plan must find nothing to change in. Native ids of new
   * resources are unknown, so null.
   */
  public static InMemoryInventory afterSuccess(Inventory before, Changeset changeset) {
    Map<String, InventoryResource> after = new LinkedHashMap<>();
    before.all().forEach(r -> after.put(r.ksuid(), r));
    for (ResourceUpdate u : changeset.updates()) {
      switch (u.operation()) {
        case DELETE -> after.remove(u.ksuid());
        case CREATE, UPDATE, REPLACE ->
            after.put(
                u.ksuid(),
                new InventoryResource(
                    u.ksuid(),
                    u.stack(),
                    u.label(),
                    u.type(),
                    u.target(),
                    u.operation() == Operation.UPDATE ? u.nativeId() : null,
                    true,
                    u.desired(),
                    u.prior() == null ? null : u.prior().readOnlyProperties()));
        case READ -> {}
      }
    }
    return new InMemoryInventory(after.values());
  }

  @Override
  public Optional<InventoryResource> find(ResourceKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  @Override
  public Optional<InventoryResource> byKsuid(String ksuid) {
    return Optional.ofNullable(byKsuid.get(ksuid));
  }

  @Override
  public List<InventoryResource> inStack(String stack) {
    return List.copyOf(byStack.getOrDefault(stack, List.of()));
  }

  @Override
  public List<InventoryResource> referencing(String ksuid) {
    return List.copyOf(referencing.getOrDefault(ksuid, List.of()));
  }

  @Override
  public List<InventoryResource> withValue(String type, String property, JsonNode value) {
    if (value == null || !value.isTextual()) {
      return List.of();
    }
    Map<String, List<InventoryResource>> index =
        valueIndexes.computeIfAbsent(type + "\u0000" + property, k -> indexOf(type, property));
    return index.getOrDefault(value.asText(), List.of());
  }

  private Map<String, List<InventoryResource>> indexOf(String type, String property) {
    Map<String, List<InventoryResource>> index = new HashMap<>();
    for (InventoryResource r : byKsuid.values()) {
      if (!r.type().equals(type)) {
        continue;
      }
      for (String v :
          Set.copyOf(
              PropertyRefs.texts(
                  r.properties().get(property), r.readOnlyProperties().get(property)))) {
        index.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
      }
    }
    return index;
  }

  @Override
  public Collection<InventoryResource> all() {
    return List.copyOf(byKsuid.values());
  }
}
